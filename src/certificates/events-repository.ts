/**
 * SQL for the recorded events certificates are issued from: doses (scheduling's published view
 * `scheduling_administered_doses`), rapid tests recorded at a pharmacy (this module's `dcc_rapid_tests`) and the
 * holders they belong to (registry's published view `registry_citizens`). The views are read-only
 * (migrations/0027 and 0028_published_views.sql).
 */
import { ownTables, type Db } from '../db/tables.ts';
import type { CertificatesDb } from './db-types.ts';

export type HolderRow = {
  citizenId: number;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  mobilePhone: string | null;
};

export type VaccinationEvent = HolderRow & {
  vaccinationId: number;
  medicinalProduct: string;
  manufacturer: string;
  productDoses: number;
  doseNumber: number;
  administeredAt: Date;
  /** The centre's facility and name, to file the certificate under it in the FSE. */
  facilityId: number | null;
  centreName: string;
};

export type RapidTestRow = {
  id: number;
  citizenId: number;
  facilityId: number | null;
  operatorId: number;
  device: string;
  result: 'negative' | 'positive';
  sampledAt: Date;
};

const holderColumns = [
  'c.id as citizenId',
  'c.fiscal_code as fiscalCode',
  'c.given_name as givenName',
  'c.family_name as familyName',
  'c.birth_date as birthDate',
  'c.mobile_phone as mobilePhone',
] as const;

export function eventsRepository<All extends CertificatesDb>(handle: Db<All>) {
  const db = ownTables<CertificatesDb, All>(handle);
  return {
    async vaccination(id: number): Promise<VaccinationEvent | null> {
      const row = await db
        .selectFrom('scheduling_administered_doses as v')
        .innerJoin('registry_citizens as c', 'c.id', 'v.citizen_id')
        .select([
          ...holderColumns,
          'v.id as vaccinationId',
          'v.medicinal_product as medicinalProduct',
          'v.manufacturer',
          'v.doses as productDoses',
          'v.dose_number as doseNumber',
          'v.administered_at as administeredAt',
          'v.centre_facility_id as facilityId',
          'v.centre_name as centreName',
        ])
        .where('v.id', '=', id)
        .executeTakeFirst();
      return row ?? null;
    },

    /** The holder a pharmacist identifies by codice fiscale and health card number; null when they do not match. */
    async holderByCard(fiscalCode: string, healthCardNumber: string): Promise<HolderRow | null> {
      const row = await db
        .selectFrom('registry_citizens as c')
        .select(holderColumns)
        .where('c.fiscal_code', '=', fiscalCode)
        .where('c.health_card_number', '=', healthCardNumber)
        .executeTakeFirst();
      return row ?? null;
    },

    async holderById(citizenId: number): Promise<HolderRow | null> {
      const row = await db
        .selectFrom('registry_citizens as c')
        .select(holderColumns)
        .where('c.id', '=', citizenId)
        .executeTakeFirst();
      return row ?? null;
    },

    async citizenIdByFiscalCode(fiscalCode: string): Promise<number | null> {
      const row = await db
        .selectFrom('registry_citizens')
        .select('id')
        .where('fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async facilityName(facilityId: number | null): Promise<string | null> {
      if (facilityId === null) return null;
      const row = await db
        .selectFrom('registry_facilities')
        .select('name')
        .where('id', '=', facilityId)
        .executeTakeFirst();
      return row?.name ?? null;
    },

    /** Inserts the test unless this form was submitted before; returns the stored test either way. */
    async recordRapidTest(t: Omit<RapidTestRow, 'id'> & { requestKey: string }): Promise<RapidTestRow> {
      await db
        .insertInto('dcc_rapid_tests')
        .values({
          citizen_id: t.citizenId,
          facility_id: t.facilityId,
          operator_id: t.operatorId,
          device: t.device,
          result: t.result,
          sampled_at: t.sampledAt,
          request_key: t.requestKey,
        })
        .onConflict((oc) => oc.columns(['operator_id', 'request_key']).doNothing())
        .execute();
      const row = await db
        .selectFrom('dcc_rapid_tests')
        .select([
          'id',
          'citizen_id as citizenId',
          'facility_id as facilityId',
          'operator_id as operatorId',
          'device',
          'result',
          'sampled_at as sampledAt',
        ])
        .where('operator_id', '=', t.operatorId)
        .where('request_key', '=', t.requestKey)
        .executeTakeFirstOrThrow();
      return row;
    },

    async rapidTest(id: number): Promise<RapidTestRow | null> {
      const row = await db
        .selectFrom('dcc_rapid_tests')
        .select([
          'id',
          'citizen_id as citizenId',
          'facility_id as facilityId',
          'operator_id as operatorId',
          'device',
          'result',
          'sampled_at as sampledAt',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ?? null;
    },
  };
}

export type EventsRepository = ReturnType<typeof eventsRepository>;
