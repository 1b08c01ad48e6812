import type { ColumnType, Generated } from 'kysely';

/**
 * What the records module's handle may name: its own tables and the read-only views other
 * modules publish for it. Its repositories receive a Kysely<RecordsDatabase>
 * (`inTransactionOf` in src/db/tables.ts), never the global Database type.
 */
export type RecordsDatabase = RecordsTables & ReadViews;

/** Kysely types of the records tables (migrations/0007_records.sql), merged into Database in src/db/schema.ts. */
export type RecordsTables = {
  fhir_document_reference: DocumentReferenceTable;
  fhir_document_reference_history: HistoryTable;
  fhir_binary: BinaryTable;
  fhir_list: ListTable;
  fhir_list_history: HistoryTable;
  fse_list_items: { list_id: string; document_id: string };
  fhir_consent: ConsentTable;
  fhir_consent_history: HistoryTable;
  fhir_observation: ObservationTable;
  fhir_observation_history: HistoryTable;
  fhir_medication_request: MedicationRequestTable;
  fhir_medication_request_history: HistoryTable;
  fhir_medication_dispense: MedicationDispenseTable;
  fhir_medication_dispense_history: HistoryTable;
  fhir_derived: DerivedTable;
  fse_ingestion: IngestionTable;
  fse_patient_index: PatientIndexTable;
};

/** jsonb: written as a JSON string, read back parsed. */
export type Json = ColumnType<unknown, string, string>;

export interface ResourceColumns {
  id: string;
  version_id: number;
  last_updated: Date;
  content: Json;
  patient_id: number;
  author_facility_id: number | null;
  author_operator_id: number | null;
  identifiers: string[];
}

export interface HistoryTable {
  id: string;
  version_id: number;
  last_updated: Date;
  content: Json;
}

export interface DocumentReferenceTable extends ResourceColumns {
  hidden: Generated<boolean>;
  master_identifier: string;
  content_sha1: string;
  binary_id: string | null;
  submission_id: string | null;
  doc_class: string;
  status: string;
  category: string[];
  type: string[];
  date: Date;
  period_start: Date | null;
  period_end: Date | null;
  author_given: string[];
  author_family: string[];
  facility: string[];
  setting: string[];
  event: string[];
  security_label: string[];
  format: string[];
  related: string[];
  relatesto: string[];
  creation: Date | null;
}

export interface BinaryTable {
  id: string;
  version_id: Generated<number>;
  last_updated: Date;
  content_type: string;
  data: Buffer;
  patient_id: number;
  author_facility_id: number | null;
  author_operator_id: number | null;
  document_id: string;
}

export interface ListTable extends ResourceColumns {
  status: string;
  code: string[];
  date: Date;
  source_id: string[];
  designation_type: string[];
}

export interface ConsentTable extends ResourceColumns {
  purpose: 'consultation';
  status: string;
  category: string[];
  date: Date;
}

export interface ObservationTable extends ResourceColumns {
  status: string;
  code: string[];
  category: string[];
  date: Date;
  derived_documents: string[];
  /** A result derived from a CDA2 (migrations/0035): its document and the converter's id. */
  source_document_id: string | null;
  source_key: string | null;
}

/** Clinical resources derived from CDA2 documents, except Observations (migrations/0035; ADR 0018). */
export interface DerivedTable {
  id: string;
  resource_type: string;
  source_document_id: string;
  source_key: string;
  patient_id: number;
  author_facility_id: number | null;
  last_updated: Date;
  content: Json;
  status: string;
  code: string[];
  category: string[];
  date: Date;
  derived_documents: string[];
}

export interface MedicationRequestTable extends ResourceColumns {
  nre: string;
  status: string;
  intent: string;
  code: string[];
  date: Date;
}

export interface MedicationDispenseTable extends ResourceColumns {
  prescription_id: string;
  status: string;
  code: string[];
  date: Date;
}

export type IngestionState = 'pending' | 'done' | 'flagged';

export interface IngestionTable {
  document_id: string;
  submission_id: string;
  patient_id: number;
  accepted_at: Generated<Date>;
  next_attempt_at: Generated<Date>;
  processed_at: Date | null;
  state: Generated<IngestionState>;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface PatientIndexTable {
  patient_id: number;
  doc_class: string;
  documents: number;
  latest: Date;
}

/**
 * Read-only views other modules publish (migrations/0027_published_views.sql), as records
 * reads them: identity's live delegations and access log, registry's people, facilities
 * and municipalities, scheduling's administered doses. Selected, never written.
 */
export interface ReadViews {
  identity_live_delegations: {
    id: number;
    delegator_id: number;
    delegate_id: number;
    created_at: Date;
    expires_at: Date | null;
  };
  identity_audit_events: {
    id: number;
    at: Date;
    actor_kind: string;
    actor_id: string;
    actor_role: string;
    actor_name: string;
    on_behalf_of_citizen_id: number | null;
    subject_citizen_id: number | null;
    action: string;
    resource_type: string;
    resource_id: string | null;
    purpose: string;
    outcome: string;
    request_id: string | null;
  };
  registry_citizens: {
    id: number;
    fiscal_code: string;
    health_card_number: string;
    given_name: string;
    family_name: string;
    sex: 'M' | 'F';
    birth_date: string;
    mobile_phone: string | null;
    residence_istat: string;
    gp_id: number | null;
    synthetic_seed: number | null;
    created_at: Date;
  };
  registry_operators: {
    id: number;
    username: string;
    fiscal_code: string;
    given_name: string;
    family_name: string;
    role: 'gp' | 'pharmacist' | 'vaccinator' | 'region';
    facility_id: number | null;
    province_code: string | null;
    active: boolean;
  };
  registry_facilities: { id: number; code: string; kind: string; name: string; municipality_istat: string };
  registry_municipalities: { istat_code: string; name: string; province_abbr: string };
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
}
