import { sql } from 'kysely';
import { inTransactionOf, ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { FacilityKind, OperatorRole, RegistryTables } from './db-types.ts';
import type { Territory } from './territory.ts';

/** All SQL of the registry module. Services call these; nothing else touches the tables. */
export function registryRepository<All extends RegistryTables>(handle: Db<All>) {
  const db = ownTables<RegistryTables, All>(handle);
  return {
    async upsertTerritory(territory: Territory): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('ats')
          .values(territory.ats.map((a) => ({ code: a.code, name: a.name })))
          .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
          .execute();
        await trx
          .insertInto('provinces')
          .values(territory.provinces.map((p) => ({ code: p.code, abbr: p.abbr, name: p.name, ats_code: p.atsCode })))
          .onConflict((oc) => oc.column('code').doNothing())
          .execute();
        // 1,506 rows: batches of 500 stay far below PostgreSQL's 65,535 parameter limit.
        for (let i = 0; i < territory.municipalities.length; i += 500) {
          await trx
            .insertInto('municipalities')
            .values(
              territory.municipalities.slice(i, i + 500).map((m) => ({
                istat_code: m.istatCode,
                cadastral_code: m.cadastralCode,
                name: m.name,
                province_code: m.provinceCode,
                population: m.population,
              })),
            )
            .onConflict((oc) =>
              oc.column('istat_code').doUpdateSet((eb) => ({ population: eb.ref('excluded.population') })),
            )
            .execute();
        }
      });
    },

    async ensureFacility(f: {
      code: string;
      kind: FacilityKind;
      name: string;
      municipalityIstat: string;
    }): Promise<number> {
      await db
        .insertInto('facilities')
        .values({ code: f.code, kind: f.kind, name: f.name, municipality_istat: f.municipalityIstat })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      const row = await db.selectFrom('facilities').select('id').where('code', '=', f.code).executeTakeFirstOrThrow();
      return row.id;
    },

    async ensureOperators(
      operators: readonly {
        username: string;
        fiscalCode: string;
        givenName: string;
        familyName: string;
        role: OperatorRole;
        facilityId: number | null;
        provinceCode: string | null;
        email: string | null;
      }[],
    ): Promise<Map<string, number>> {
      for (let i = 0; i < operators.length; i += 1_000) {
        await db
          .insertInto('operators')
          .values(
            operators.slice(i, i + 1_000).map((o) => ({
              username: o.username,
              fiscal_code: o.fiscalCode,
              given_name: o.givenName,
              family_name: o.familyName,
              role: o.role,
              facility_id: o.facilityId,
              province_code: o.provinceCode,
              email: o.email,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const ids = new Map<string, number>();
      if (operators.length === 0) return ids;
      const rows = await db
        .selectFrom('operators')
        .select(['id', 'username'])
        .where(
          'username',
          'in',
          operators.map((o) => o.username),
        )
        .execute();
      for (const row of rows) ids.set(row.username, row.id);
      return ids;
    },

    citizenByFiscalCode(fiscalCode: string) {
      return db.selectFrom('citizens').selectAll().where('fiscal_code', '=', fiscalCode).executeTakeFirst();
    },

    citizenById(id: number) {
      return db.selectFrom('citizens').selectAll().where('id', '=', id).executeTakeFirst();
    },

    operatorByFiscalCode(fiscalCode: string) {
      return db
        .selectFrom('operators')
        .selectAll()
        .where('fiscal_code', '=', fiscalCode)
        .where('active', '=', true)
        .executeTakeFirst();
    },

    operatorByUsername(username: string) {
      return db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
    },

    /**
     * A number the citizen proved they hold (campaigns' phone verification) becomes their registry number, in the
     * caller's transaction: the proof and the change commit together.
     */
    async recordVerifiedPhone<Tables>(trx: CallersHandle<Tables>, citizenId: number, phone: string): Promise<void> {
      await inTransactionOf<RegistryTables, Tables>(trx)
        .updateTable('citizens')
        .set({ mobile_phone: phone })
        .where('id', '=', citizenId)
        .execute();
    },

    facilityByCode(code: string) {
      return db.selectFrom('facilities').selectAll().where('code', '=', code).executeTakeFirst();
    },

    async isPatientOf(gpOperatorId: number, citizenId: number): Promise<boolean> {
      const row = await db
        .selectFrom('citizens')
        .select('id')
        .where('id', '=', citizenId)
        .where('gp_id', '=', gpOperatorId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async patientsOf(gpOperatorId: number, limit: number, offset: number) {
      const total = await db
        .selectFrom('citizens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('gp_id', '=', gpOperatorId)
        .executeTakeFirstOrThrow();
      const items = await db
        .selectFrom('citizens')
        .select([
          'id',
          'fiscal_code as fiscalCode',
          'given_name as givenName',
          'family_name as familyName',
          'birth_date as birthDate',
        ])
        .where('gp_id', '=', gpOperatorId)
        .orderBy('family_name')
        .orderBy('given_name')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
      return { total: total.n, items };
    },

    async nonSyntheticFiscalCodes(): Promise<Set<string>> {
      const rows = await db.selectFrom('citizens').select('fiscal_code').where('synthetic_seed', 'is', null).execute();
      return new Set(rows.map((r) => r.fiscal_code));
    },

    async citizenCount(): Promise<number> {
      const row = await db
        .selectFrom('citizens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async populationStats(asOf: string) {
      const totals = await sql<{
        citizens: number;
        over80: number;
        over100: number;
        gps: number;
        municipalities: number;
      }>`
        SELECT (SELECT count(*) FROM citizens)::int AS citizens,
               (SELECT count(*) FROM citizens WHERE birth_date <= ${asOf}::date - interval '80 years')::int AS over80,
               (SELECT count(*) FROM citizens WHERE birth_date <= ${asOf}::date - interval '100 years')::int AS over100,
               (SELECT count(*) FROM operators WHERE role = 'gp')::int AS gps,
               (SELECT count(*) FROM municipalities)::int AS municipalities`.execute(db);
      const bands = await sql<{ band: string; count: number }>`
        SELECT CASE WHEN age >= 100 THEN '100+' WHEN age >= 80 THEN '80-99' WHEN age >= 65 THEN '65-79'
                    WHEN age >= 18 THEN '18-64' ELSE '0-17' END AS band,
               count(*)::int AS count
        FROM (SELECT extract(year FROM age(${asOf}::date, birth_date))::int AS age FROM citizens) a
        GROUP BY 1 ORDER BY min(age)`.execute(db);
      const provinces = await sql<{
        provinceAbbr: string;
        provinceName: string;
        atsName: string;
        citizens: number;
        population: number;
      }>`
        SELECT p.abbr AS "provinceAbbr", p.name AS "provinceName", a.name AS "atsName",
               coalesce(c.n, 0)::int AS citizens, m.population::int AS population
        FROM provinces p
        JOIN ats a ON a.code = p.ats_code
        JOIN (SELECT province_code, sum(population) AS population FROM municipalities GROUP BY 1) m
          ON m.province_code = p.code
        LEFT JOIN (SELECT mu.province_code, count(*) AS n FROM citizens ci
                   JOIN municipalities mu ON mu.istat_code = ci.residence_istat GROUP BY 1) c
          ON c.province_code = p.code
        ORDER BY p.abbr`.execute(db);
      return { totals: totals.rows[0], byAgeBand: bands.rows, byProvince: provinces.rows };
    },

    async searchMunicipalities(filter: { province?: string; q?: string; limit: number; offset: number }) {
      let query = db
        .selectFrom('municipalities as m')
        .innerJoin('provinces as p', 'p.code', 'm.province_code')
        .innerJoin('ats as a', 'a.code', 'p.ats_code');
      if (filter.province !== undefined) query = query.where('p.abbr', '=', filter.province);
      if (filter.q !== undefined) {
        const escaped = filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
        query = query.where(sql<boolean>`lower(m.name) LIKE ${`${escaped}%`}`);
      }
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await query
        .select([
          'm.istat_code as istatCode',
          'm.cadastral_code as cadastralCode',
          'm.name as name',
          'p.abbr as provinceAbbr',
          'p.name as provinceName',
          'a.name as atsName',
          'm.population as population',
        ])
        .orderBy('m.name')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      return { total: total.n, items };
    },
  };
}

export type RegistryRepository = ReturnType<typeof registryRepository>;
