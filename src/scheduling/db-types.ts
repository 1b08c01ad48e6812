import type { Generated } from 'kysely';

/** Kysely types of the scheduling tables (migrations/0006_scheduling.sql). */
export interface SchedulingTables {
  vaccine_products: VaccineProductsTable;
  province_neighbours: { province_code: string; neighbour_code: string };
  centres: CentresTable;
  centre_capacity: CentreCapacityTable;
  vaccine_supply: VaccineSupplyTable;
  appointments: AppointmentsTable;
  vaccinations: VaccinationsTable;
  appointment_notice_cursor: { singleton: Generated<boolean>; last_id: number };
}

export interface VaccineProductsTable {
  code: string;
  name: string;
  manufacturer: string;
  medicinal_product: string;
  doses: number;
  interval_days: number | null;
  window_max_days: number | null;
  min_age: number | null;
  max_age: number | null;
}

export interface CentresTable {
  id: Generated<number>;
  code: string;
  name: string;
  facility_id: number | null;
  municipality_istat: string;
  province_code: string;
  opens_at: string;
  closes_at: string;
  slot_minutes: number;
  lines: number;
}

export interface CentreCapacityTable {
  centre_id: number;
  day: string;
  product: string;
  doses: number;
  booked: Generated<number>;
}

export interface VaccineSupplyTable {
  province_code: string;
  day: string;
  product: string;
  doses: number;
  booked: Generated<number>;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'done' | 'cancelled' | 'no_show' | 'moved';

export interface AppointmentsTable {
  id: Generated<number>;
  enrollment_id: number;
  citizen_id: number;
  centre_id: number;
  product: string;
  dose_number: number;
  day: string;
  starts_at: Date;
  status: Generated<AppointmentStatus>;
  moves: Generated<number>;
  allocation_run: number | null;
  notified_at: Date | null;
  created_at: Generated<Date>;
}

export interface VaccinationsTable {
  id: Generated<number>;
  citizen_id: number;
  appointment_id: number | null;
  centre_id: number;
  product: string;
  lot: string;
  dose_number: number;
  administered_at: Date;
  staff_operator_id: number;
  walk_in: Generated<boolean>;
  recorded_at: Generated<Date>;
}
