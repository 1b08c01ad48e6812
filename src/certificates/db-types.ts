/**
 * Kysely types of the certificates tables (migrations/0004_certificates.sql), the views certificates reads and
 * the one it publishes. src/db/schema.ts composes them into the composition root's `Database`; the module's own
 * code works on `CertificatesDb` (src/db/tables.ts).
 */
import type { ColumnType, Generated } from 'kysely';
import type { CertificateType, DccPayload } from './codec/index.ts';

export interface DccCertificatesTable {
  id: Generated<number>;
  uvci: string;
  type: CertificateType;
  fiscal_code: string;
  /** Read as parsed JSON; written as a JSON string (so arrays never become SQL arrays). */
  payload: ColumnType<DccPayload, string, string>;
  hc1: string;
  kid: string;
  issued_at: Date;
  expires_at: Date;
  retrieval_code_hash: string;
  source_ref: string;
}

export interface DccRevocationsTable {
  uvci: string;
  reason: string;
  revoked_at: Date;
  revoked_by: string;
}

/** migrations/0009_rapid_tests.sql */
export interface DccRapidTestsTable {
  id: Generated<number>;
  citizen_id: number;
  facility_id: number | null;
  operator_id: number;
  device: string;
  result: 'negative' | 'positive';
  sampled_at: Date;
  recorded_at: Generated<Date>;
  request_key: string;
}

/** migrations/0012_lab_tests_recoveries.sql */
export interface DccLabTestsTable {
  id: Generated<number>;
  citizen_id: number;
  facility_id: number;
  client_id: string;
  lab_result_id: string;
  test_name: string | null;
  result: 'detected' | 'not_detected';
  sampled_at: Date;
  recorded_at: Generated<Date>;
}

export interface DccRecoveriesTable {
  id: Generated<number>;
  citizen_id: number;
  operator_id: number;
  /** `date` columns are read as YYYY-MM-DD strings (db/database.ts type parser). */
  first_positive_on: string;
  valid_from: string;
  valid_until: string;
  recorded_at: Generated<Date>;
}

/** The tables the certificates module owns: its SQL type-checks against these only (issue 18). */
export interface CertificatesTables {
  dcc_certificates: DccCertificatesTable;
  dcc_revocations: DccRevocationsTable;
  dcc_rapid_tests: DccRapidTestsTable;
  dcc_lab_tests: DccLabTestsTable;
  dcc_recoveries: DccRecoveriesTable;
}

/**
 * The published views certificates reads (migrations/0027 and 0028_published_views.sql), read-only: the holders
 * (registry's citizens, with the GP whose list they are on), the facilities a certificate names, and the doses it
 * is issued from (scheduling's vaccinations with their product and centre). Their owners declare them in their
 * db-types.ts; these are the columns certificates reads.
 */
export interface CertificatesReads {
  registry_citizens: {
    id: number;
    fiscal_code: string;
    health_card_number: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    mobile_phone: string | null;
    gp_id: number | null;
  };
  registry_facilities: { id: number; kind: string; name: string };
  scheduling_administered_doses: {
    id: number;
    citizen_id: number;
    dose_number: number;
    administered_at: Date;
    medicinal_product: string;
    manufacturer: string;
    doses: number;
    centre_name: string;
    centre_facility_id: number | null;
  };
}

/** Certificates' handle: its own tables, and the views it reads. */
export type CertificatesDb = CertificatesTables & CertificatesReads;

/** The read-only view certificates publishes (migrations/0028_published_views.sql): issued, by type, no person. */
export interface CertificatesViews {
  certificates_issued: { type: 'v' | 't' | 'r'; issued_at: Date };
}
