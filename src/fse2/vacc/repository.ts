import { sql, type Kysely } from 'kysely';
import type { VaccDatabase, VaccTables } from './db-types.ts';

export const VACC_DOCUMENT_TASK = 'fse2_vacc_document';

export interface DoseRow {
  vaccinationId: number;
  citizenId: number;
  lot: string;
  doseNumber: number;
  administeredAt: Date;
  productName: string;
  medicinalProduct: string;
  centreName: string;
  facilityId: number | null;
  facilityCode: string | null;
}

export interface PatientRow {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  sex: 'M' | 'F';
  birthDate: string;
}

type Filed = VaccTables['fse2_vacc_documents'];

/** fse2/vacc's SQL: its own table, and the registry's and scheduling's published views (read only). */
export function vaccRepository(db: Kysely<VaccDatabase>) {
  return {
    async filed(vaccinationId: number): Promise<{ documentReferenceId: string } | null> {
      const row = await db
        .selectFrom('fse2_vacc_documents')
        .select('document_reference_id as documentReferenceId')
        .where('vaccination_id', '=', vaccinationId)
        .executeTakeFirst();
      return row ?? null;
    },

    /** Keeps the filed document; a second insert for the same dose (a replay racing the first) changes nothing. */
    async saveFiled(row: Filed): Promise<void> {
      await db
        .insertInto('fse2_vacc_documents')
        .values(row)
        .onConflict((oc) => oc.column('vaccination_id').doNothing())
        .execute();
    },

    /** The single-vaccination CDAs of a citizen's record, in the order of the doses. */
    async singlesOf(citizenId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('fse2_vacc_documents')
        .select('cda')
        .where('citizen_id', '=', citizenId)
        .orderBy('administered_at')
        .orderBy('vaccination_id')
        .execute();
      return rows.map((r) => r.cda);
    },

    async dose(vaccinationId: number): Promise<DoseRow | null> {
      const row = await db
        .selectFrom('scheduling_administered_doses as d')
        .leftJoin('registry_facilities as f', 'f.id', 'd.centre_facility_id')
        .select([
          'd.id as vaccinationId',
          'd.citizen_id as citizenId',
          'd.lot',
          'd.dose_number as doseNumber',
          'd.administered_at as administeredAt',
          'd.product_name as productName',
          'd.medicinal_product as medicinalProduct',
          'd.centre_name as centreName',
          'd.centre_facility_id as facilityId',
          'f.code as facilityCode',
        ])
        .where('d.id', '=', vaccinationId)
        .executeTakeFirst();
      return row ?? null;
    },

    async patient(citizenId: number): Promise<PatientRow | null> {
      const row = await db
        .selectFrom('registry_citizens')
        .select([
          'fiscal_code as fiscalCode',
          'given_name as givenName',
          'family_name as familyName',
          'sex',
          'birth_date as birthDate',
        ])
        .where('id', '=', citizenId)
        .executeTakeFirst();
      return row ?? null;
    },

    /** A delegation in force from `delegatorId` to `delegateId` (identity's one definition, as its view). */
    async delegates(delegateId: number, delegatorId: number): Promise<boolean> {
      const row = await db
        .selectFrom('identity_live_delegations')
        .select('delegator_id')
        .where('delegate_id', '=', delegateId)
        .where('delegator_id', '=', delegatorId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Queues the document in the caller's transaction (the dose's); the key makes a second request the same job. */
    async queue(trx: Kysely<unknown>, vaccinationId: number): Promise<void> {
      await sql`SELECT graphile_worker.add_job(${VACC_DOCUMENT_TASK},
        json_build_object('vaccinationId', ${vaccinationId}::bigint),
        job_key => ${`fse2:vacc:${vaccinationId}`}, max_attempts => 10)`.execute(trx);
    },
  };
}

export type VaccRepository = ReturnType<typeof vaccRepository>;
