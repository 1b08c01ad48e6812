/**
 * Kysely types of the certificates tables (migrations/0004_certificates.sql).
 *
 * src/db/schema.ts lists them in the shared `Database` interface.
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
