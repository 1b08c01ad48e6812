import type { Resource } from '@medplum/fhirtypes';
import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';

type Db = Kysely<RecordsDatabase>;

/**
 * The SQL of the FHIR write services (service/*.ts) besides the versioned resource store
 * (store/): idempotency look-ups, the NRE sequence, the consent row, and the registry's
 * people and facilities through the views it publishes. Each takes the handle or the
 * caller's transaction.
 */
export const serviceRepository = {
  /** Whether the registry knows this citizen. */
  async patientExists(db: Db, patientId: number): Promise<boolean> {
    const row = await db.selectFrom('registry_citizens').select('id').where('id', '=', patientId).executeTakeFirst();
    return row !== undefined;
  },

  /** Citizens by id or by codice fiscale, as the registry knows them. */
  async patientsByIdOrFiscalCode(db: Db, ids: readonly string[], codes: readonly string[]): Promise<number[]> {
    const rows = await sql<{ id: number }>`
      SELECT id FROM registry_citizens
      WHERE id = ANY(${[...ids]}::bigint[]) OR fiscal_code = ANY(${[...codes]}::text[])`.execute(db);
    return rows.rows.map((r) => r.id);
  },

  /** Whether the patient is on the GP's list. */
  async onGpList(db: Db, patientId: number, operatorId: number): Promise<boolean> {
    const row = await db
      .selectFrom('registry_citizens')
      .select('id')
      .where('id', '=', patientId)
      .where('gp_id', '=', operatorId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async fiscalCodeOf(db: Db, patientId: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('registry_citizens')
      .select('fiscal_code')
      .where('id', '=', patientId)
      .executeTakeFirst();
    return row?.fiscal_code;
  },

  facility(db: Db, facilityId: number): Promise<{ name: string; code: string } | undefined> {
    return db
      .selectFrom('registry_facilities')
      .select(['name', 'code'])
      .where('id', '=', facilityId)
      .executeTakeFirst();
  },

  /** NRE numbers: a sequence, so unique and never reused. */
  async nextNreNumber(trx: Db): Promise<number> {
    const result = await sql<{ n: number }>`SELECT nextval('fse_nre_seq') AS n`.execute(trx);
    return result.rows[0]?.n ?? 0;
  },

  /** The prescription a GP already wrote under this identifier (a retried create). */
  async requestByIdentifier(trx: Db, operatorId: number, identifier: string): Promise<Resource | undefined> {
    const found = await sql<{ content: Resource }>`
      SELECT content FROM fhir_medication_request
      WHERE author_operator_id = ${operatorId} AND identifiers && ${[identifier]}::text[]`.execute(trx);
    return found.rows[0]?.content;
  },

  /** The Observation this author already recorded under this identifier (a retried create). */
  async observationByIdentifier(
    trx: Db,
    author: { readonly authorFacilityId: number | null; readonly authorOperatorId: number | null },
    identifier: string,
  ): Promise<Resource | undefined> {
    const found = await sql<{ content: Resource }>`
      SELECT content FROM fhir_observation WHERE identifiers && ${[identifier]}::text[]
        AND author_facility_id IS NOT DISTINCT FROM ${author.authorFacilityId}
        AND author_operator_id IS NOT DISTINCT FROM ${author.authorOperatorId}`.execute(trx);
    return found.rows[0]?.content;
  },

  /** A prescription by its patient's codice fiscale and its NRE. */
  prescriptionByFiscalCodeAndNre(db: Db, fiscalCode: string, nre: string) {
    return db
      .selectFrom('fhir_medication_request as r')
      .innerJoin('registry_citizens as c', 'c.id', 'r.patient_id')
      .select(['r.id', 'r.content'])
      .where('c.fiscal_code', '=', fiscalCode)
      .where('r.nre', '=', nre)
      .executeTakeFirst();
  },

  /** The citizen's consultation consent row, locked until the transaction ends. */
  lockConsent(trx: Db, patientId: number) {
    return trx
      .selectFrom('fhir_consent')
      .select('id')
      .where('patient_id', '=', patientId)
      .where('purpose', '=', 'consultation')
      .forUpdate()
      .executeTakeFirst();
  },

  consent(db: Db, patientId: number) {
    return db
      .selectFrom('fhir_consent')
      .select(['id', 'status', 'last_updated', 'version_id'])
      .where('patient_id', '=', patientId)
      .where('purpose', '=', 'consultation')
      .executeTakeFirst();
  },

  /** The document stored under this master identifier, if any. */
  async documentByMaster(db: Db, master: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('fhir_document_reference')
      .select('id')
      .where('master_identifier', '=', master)
      .executeTakeFirst();
    return row?.id;
  },
};
