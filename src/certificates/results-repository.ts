/**
 * SQL for the events of from-results.ts: molecular tests posted by labs
 * (`dcc_lab_tests`), recoveries recorded by GPs (`dcc_recoveries`), and what they
 * need from the registry through its read-only views (migrations/0027 and 0028_published_views.sql): the holder,
 * the GP's list, the facility.
 */
import { ownTables, type Db } from '../db/tables.ts';
import type { CertificatesDb } from './db-types.ts';
import type { HolderRow } from './events-repository.ts';

export type LabTestRow = {
  id: number;
  citizenId: number;
  facilityId: number;
  labResultId: string;
  testName: string | null;
  result: 'detected' | 'not_detected';
  sampledAt: Date;
};

export type RecoveryRow = {
  id: number;
  citizenId: number;
  operatorId: number;
  firstPositiveOn: string;
  validFrom: string;
  validUntil: string;
};

const holderColumns = [
  'c.id as citizenId',
  'c.fiscal_code as fiscalCode',
  'c.given_name as givenName',
  'c.family_name as familyName',
  'c.birth_date as birthDate',
  'c.mobile_phone as mobilePhone',
] as const;
const labColumns = [
  'id',
  'citizen_id as citizenId',
  'facility_id as facilityId',
  'lab_result_id as labResultId',
  'test_name as testName',
  'result',
  'sampled_at as sampledAt',
] as const;
const recoveryColumns = [
  'id',
  'citizen_id as citizenId',
  'operator_id as operatorId',
  'first_positive_on as firstPositiveOn',
  'valid_from as validFrom',
  'valid_until as validUntil',
] as const;

export function resultsRepository<All extends CertificatesDb>(handle: Db<All>) {
  const db = ownTables<CertificatesDb, All>(handle);
  return {
    async holderByFiscalCode(fiscalCode: string): Promise<HolderRow | null> {
      const row = await db
        .selectFrom('registry_citizens as c')
        .select(holderColumns)
        .where('c.fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
      return row ?? null;
    },

    /** The holder if they are on this GP's list, else null. */
    async patientOf(gpOperatorId: number, fiscalCode: string): Promise<HolderRow | null> {
      const row = await db
        .selectFrom('registry_citizens as c')
        .select(holderColumns)
        .where('c.fiscal_code', '=', fiscalCode)
        .where('c.gp_id', '=', gpOperatorId)
        .executeTakeFirst();
      return row ?? null;
    },

    async facility(facilityId: number): Promise<{ kind: string; name: string } | null> {
      const row = await db
        .selectFrom('registry_facilities')
        .select(['kind', 'name'])
        .where('id', '=', facilityId)
        .executeTakeFirst();
      return row ?? null;
    },

    /**
     * Inserts the result unless this lab posted this result id before; returns the
     * stored row either way (the first post stands: the caller compares).
     */
    async recordLabTest(t: Omit<LabTestRow, 'id'> & { clientId: string }): Promise<LabTestRow> {
      await db
        .insertInto('dcc_lab_tests')
        .values({
          citizen_id: t.citizenId,
          facility_id: t.facilityId,
          client_id: t.clientId,
          lab_result_id: t.labResultId,
          test_name: t.testName,
          result: t.result,
          sampled_at: t.sampledAt,
        })
        .onConflict((oc) => oc.columns(['facility_id', 'lab_result_id']).doNothing())
        .execute();
      return db
        .selectFrom('dcc_lab_tests')
        .select(labColumns)
        .where('facility_id', '=', t.facilityId)
        .where('lab_result_id', '=', t.labResultId)
        .executeTakeFirstOrThrow();
    },

    /** Inserts the recovery unless this infection was recorded before; returns the stored row either way. */
    async recordRecovery(r: Omit<RecoveryRow, 'id'>): Promise<RecoveryRow> {
      await db
        .insertInto('dcc_recoveries')
        .values({
          citizen_id: r.citizenId,
          operator_id: r.operatorId,
          first_positive_on: r.firstPositiveOn,
          valid_from: r.validFrom,
          valid_until: r.validUntil,
        })
        .onConflict((oc) => oc.columns(['citizen_id', 'first_positive_on']).doNothing())
        .execute();
      return db
        .selectFrom('dcc_recoveries')
        .select(recoveryColumns)
        .where('citizen_id', '=', r.citizenId)
        .where('first_positive_on', '=', r.firstPositiveOn)
        .executeTakeFirstOrThrow();
    },
  };
}

export type ResultsRepository = ReturnType<typeof resultsRepository>;
