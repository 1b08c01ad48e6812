/** Kysely types of fse2/vacc's table (migrations/0032_fse2_vacc_documents.sql). */
export interface VaccTables {
  fse2_vacc_documents: {
    vaccination_id: number;
    citizen_id: number;
    unique_id: string;
    document_reference_id: string;
    cda: string;
    cda_sha256: string;
    administered_at: Date;
  };
}

/** The views other modules publish (migrations 0027, 0028) that fse2/vacc reads, with the columns it uses. */
interface ReadViews {
  scheduling_administered_doses: {
    id: number;
    citizen_id: number;
    lot: string;
    dose_number: number;
    administered_at: Date;
    product_name: string;
    medicinal_product: string;
    centre_name: string;
    centre_facility_id: number | null;
  };
  registry_citizens: {
    id: number;
    fiscal_code: string;
    given_name: string;
    family_name: string;
    sex: 'M' | 'F';
    birth_date: string;
  };
  registry_facilities: { id: number; code: string; name: string };
  identity_live_delegations: { delegator_id: number; delegate_id: number };
}

/** What fse2/vacc's handle may name: its table and the views it reads. */
export type VaccDatabase = VaccTables & ReadViews;
