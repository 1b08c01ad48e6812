import type { Generated } from 'kysely';

/** Kysely types of the registry tables (migrations/0001_registry.sql). */
export interface RegistryTables {
  ats: AtsTable;
  provinces: ProvincesTable;
  municipalities: MunicipalitiesTable;
  facilities: FacilitiesTable;
  operators: OperatorsTable;
  citizens: CitizensTable;
}

export interface AtsTable {
  code: string;
  name: string;
}

export interface ProvincesTable {
  code: string;
  abbr: string;
  name: string;
  ats_code: string;
}

export interface MunicipalitiesTable {
  istat_code: string;
  cadastral_code: string;
  name: string;
  province_code: string;
  population: number;
}

export type FacilityKind = 'pharmacy' | 'hospital' | 'lab' | 'vaccination_centre' | 'gp_practice';

export interface FacilitiesTable {
  id: Generated<number>;
  code: string;
  kind: FacilityKind;
  name: string;
  municipality_istat: string;
  created_at: Generated<Date>;
}

export type OperatorRole = 'gp' | 'pharmacist' | 'vaccinator' | 'region';

export interface OperatorsTable {
  id: Generated<number>;
  username: string;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  role: OperatorRole;
  facility_id: number | null;
  province_code: string | null;
  email: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CitizensTable {
  id: Generated<number>;
  fiscal_code: string;
  health_card_number: string;
  given_name: string;
  family_name: string;
  sex: 'M' | 'F';
  birth_date: string;
  birth_place_code: string;
  residence_istat: string;
  mobile_phone: string | null;
  email: string | null;
  gp_id: number | null;
  synthetic_seed: number | null;
  created_at: Generated<Date>;
}

/**
 * The read-only views the registry publishes for other modules (migrations/0028_published_views.sql): the columns
 * they may read, never a write. Readers declare what they read of them in their own db-types.ts.
 */
export interface RegistryViews {
  registry_citizens: {
    id: number;
    fiscal_code: string;
    health_card_number: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    residence_istat: string;
    /** The province of the municipality of residence. */
    residence_province: string | null;
    mobile_phone: string | null;
    email: string | null;
    gp_id: number | null;
    synthetic_seed: number | null;
  };
  registry_operators: {
    id: number;
    username: string;
    fiscal_code: string;
    given_name: string;
    family_name: string;
    role: OperatorRole;
    facility_id: number | null;
    province_code: string | null;
    email: string | null;
    active: boolean;
  };
  registry_facilities: { id: number; code: string; kind: FacilityKind; name: string; municipality_istat: string };
  registry_provinces: { code: string; abbr: string; name: string };
  registry_municipalities: { istat_code: string; name: string; province_code: string };
}
