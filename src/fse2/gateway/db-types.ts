import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the Gateway's own tables (migrations/0030_fse2_gateway.sql). */
export interface GatewayTables {
  fse2_validations: ValidationsTable;
  fse2_documents: DocumentsTable;
  fse2_events: EventsTable;
}

/** jsonb: written as a JSON string, read back parsed. */
type Json = ColumnType<unknown, string, string>;

interface ValidationsTable {
  workflow_instance_id: string;
  facility_id: number;
  cda_sha256: string;
  document_type: string | null;
  catalog_version: string;
  warnings: Json;
  created_at: Generated<Date>;
}

interface DocumentsTable {
  identificativo_doc: string;
  facility_id: number;
  document_reference_id: string;
  workflow_instance_id: string;
  cda_sha256: string;
  type_code: string;
  status: 'current' | 'replaced' | 'deleted';
  updated_at: Generated<Date>;
}

interface EventsTable {
  id: Generated<string>;
  trace_id: string;
  workflow_instance_id: string | null;
  event_type: string;
  event_status: 'SUCCESS' | 'BLOCKING_ERROR' | 'NON_BLOCKING_ERROR';
  event_date: Generated<Date>;
  facility_id: number;
  identificativo_documento: string | null;
  subject: string | null;
  subject_role: string | null;
  tipo_attivita: string | null;
  organizzazione: string | null;
  issuer: string | null;
  message: string | null;
}
