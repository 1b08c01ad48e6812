import type { ColumnType, Generated } from 'kysely';

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
