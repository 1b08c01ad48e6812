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

/**
 * The published views scheduling reads (migrations/0028_published_views.sql): the registry's citizens (age,
 * province, names and phone for the SMS), provinces and municipalities; campaigns' campaigns and enrollments.
 * Read-only; their owners declare them in their db-types.ts.
 */
export interface SchedulingReads {
  registry_citizens: {
    id: number;
    fiscal_code: string;
    health_card_number: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    residence_istat: string;
    residence_province: string | null;
    mobile_phone: string | null;
    gp_id: number | null;
    synthetic_seed: number | null;
  };
  registry_provinces: { code: string; abbr: string; name: string };
  registry_municipalities: { istat_code: string; name: string; province_code: string };
  campaigns_catalogue: {
    id: number;
    code: string;
    name: string;
    products: string[];
    opens_at: Date;
    closes_at: Date | null;
  };
  campaigns_enrollments: {
    id: number;
    campaign_id: number;
    citizen_id: number;
    cohort_id: number;
    contact_phone: string | null;
    lang: 'it' | 'en' | null;
    enrolled_at: Date;
    withdrawn_at: Date | null;
  };
}

/** Scheduling's handle: its own tables, and the views it reads. */
export type SchedulingDb = SchedulingTables & SchedulingReads;

/**
 * The read-only views scheduling publishes (migrations/0027 and 0028_published_views.sql): the administered doses
 * for the FSE and certificates; bookings and doses for the dashboard, with no person in them; who was vaccinated,
 * for campaigns' demo enrollments.
 */
export interface SchedulingViews {
  scheduling_administered_doses: {
    id: number;
    citizen_id: number;
    lot: string;
    dose_number: number;
    administered_at: Date;
    recorded_at: Date;
    product_name: string;
    medicinal_product: string;
    manufacturer: string;
    doses: number;
    centre_name: string;
    centre_facility_id: number | null;
  };
  scheduling_bookings: { created_at: Date; status: string };
  scheduling_doses: { administered_at: Date };
  scheduling_vaccinated: { citizen_id: number };
}
