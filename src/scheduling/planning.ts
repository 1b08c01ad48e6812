import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { lockCapacity } from './capacity-repository.ts';

/** Region operators: capacity per centre and day, deliveries per province and day, and the overview. */
export function planningService(deps: { db: Kysely<SchedulingDb>; onChanged: () => Promise<void> }) {
  return {
    centres: () =>
      deps.db
        .selectFrom('centres as c')
        .innerJoin('registry_provinces as p', 'p.code', 'c.province_code')
        .innerJoin('registry_municipalities as m', 'm.istat_code', 'c.municipality_istat')
        .select([
          'c.code',
          'c.name',
          'p.abbr as province',
          'm.name as municipality',
          'c.lines',
          'c.slot_minutes as slotMinutes',
        ])
        .orderBy('p.abbr')
        .orderBy('c.code')
        .execute(),

    products: () => deps.db.selectFrom('vaccine_products').selectAll().orderBy('code').execute(),

    async capacity(centreCode: string, from: string, to: string) {
      const rows = await deps.db
        .selectFrom('centre_capacity as k')
        .innerJoin('centres as c', 'c.id', 'k.centre_id')
        .select(['k.day', 'k.product', 'k.doses', 'k.booked'])
        .where('c.code', '=', centreCode)
        .where('k.day', '>=', from)
        .where('k.day', '<=', to)
        .orderBy('k.day')
        .orderBy('k.product')
        .execute();
      return rows;
    },

    /** Sets a centre's doses for a day; never below what is already booked. */
    async setCapacity(centreCode: string, day: string, product: string, doses: number): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const centre = await trx.selectFrom('centres').select('id').where('code', '=', centreCode).executeTakeFirst();
        if (centre === undefined) throw notFound('scheduling.centre_unknown', `Unknown centre ${centreCode}.`);
        const current = await trx
          .selectFrom('centre_capacity')
          .select('booked')
          .where('centre_id', '=', centre.id)
          .where('day', '=', day)
          .where('product', '=', product)
          .executeTakeFirst();
        if (current !== undefined && doses < current.booked)
          throw conflict(
            'scheduling.below_booked',
            `${current.booked} doses are already booked that day; capacity cannot go below that.`,
          );
        await trx
          .insertInto('centre_capacity')
          .values({ centre_id: centre.id, day, product, doses })
          .onConflict((oc) => oc.columns(['centre_id', 'day', 'product']).doUpdateSet({ doses }))
          .execute();
      });
      await deps.onChanged();
    },

    async supply(provinceAbbr: string, from: string, to: string) {
      return deps.db
        .selectFrom('vaccine_supply as s')
        .innerJoin('registry_provinces as p', 'p.code', 's.province_code')
        .select(['s.day', 's.product', 's.doses', 's.booked'])
        .where('p.abbr', '=', provinceAbbr)
        .where('s.day', '>=', from)
        .where('s.day', '<=', to)
        .orderBy('s.day')
        .orderBy('s.product')
        .execute();
    },

    /** Records doses delivered to a province for a day; never below what is already booked. */
    async setSupply(provinceAbbr: string, day: string, product: string, doses: number): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const province = await trx
          .selectFrom('registry_provinces')
          .select('code')
          .where('abbr', '=', provinceAbbr)
          .executeTakeFirst();
        if (province === undefined) throw notFound('scheduling.province_unknown', `Unknown province ${provinceAbbr}.`);
        const current = await trx
          .selectFrom('vaccine_supply')
          .select('booked')
          .where('province_code', '=', province.code)
          .where('day', '=', day)
          .where('product', '=', product)
          .executeTakeFirst();
        if (current !== undefined && doses < current.booked)
          throw conflict(
            'scheduling.below_booked',
            `${current.booked} doses are already booked that day; supply cannot go below that.`,
          );
        await trx
          .insertInto('vaccine_supply')
          .values({ province_code: province.code, day, product, doses })
          .onConflict((oc) => oc.columns(['province_code', 'day', 'product']).doUpdateSet({ doses }))
          .execute();
      });
      await deps.onChanged();
    },

    /** Booked against capacity and supply per province and week, and doses given per day: aggregates only. */
    async overview(from: string, weeks: number) {
      const perWeek = await sql<{ province: string; week: string; capacity: number; booked: number; supply: number }>`
        SELECT w.province, to_char(w.week, 'YYYY-MM-DD') AS week, w.capacity, w.booked,
               (SELECT coalesce(sum(s.doses), 0)::int FROM vaccine_supply s
                 WHERE s.province_code = w.code AND date_trunc('week', s.day) = w.week) AS supply
        FROM (SELECT p.abbr AS province, p.code, date_trunc('week', k.day) AS week, sum(k.doses)::int AS capacity, sum(k.booked)::int AS booked
              FROM centre_capacity k JOIN centres c ON c.id = k.centre_id JOIN registry_provinces p ON p.code = c.province_code
              WHERE k.day >= ${from}::date AND k.day < ${from}::date + ${weeks * 7}::int
              GROUP BY p.abbr, p.code, date_trunc('week', k.day)) w
        ORDER BY 1, 2`.execute(deps.db);
      const perDay = await sql<{ day: string; doses: number }>`
        SELECT to_char(administered_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS day, count(*)::int AS doses
        FROM vaccinations GROUP BY 1 ORDER BY 1`.execute(deps.db);
      return { perProvinceWeek: perWeek.rows, dosesPerDay: perDay.rows };
    },
  };
}

export type PlanningService = ReturnType<typeof planningService>;
