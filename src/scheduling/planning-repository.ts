import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';

/** SQL of the region operators' planning (planning.ts): centres, capacity, supply and the overview. */

export function listCentres(db: Kysely<SchedulingDb>) {
  return db
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
    .execute();
}

export function listProducts(db: Kysely<SchedulingDb>) {
  return db.selectFrom('vaccine_products').selectAll().orderBy('code').execute();
}

export function capacityRows(db: Kysely<SchedulingDb>, centreCode: string, from: string, to: string) {
  return db
    .selectFrom('centre_capacity as k')
    .innerJoin('centres as c', 'c.id', 'k.centre_id')
    .select(['k.day', 'k.product', 'k.doses', 'k.booked'])
    .where('c.code', '=', centreCode)
    .where('k.day', '>=', from)
    .where('k.day', '<=', to)
    .orderBy('k.day')
    .orderBy('k.product')
    .execute();
}

export function centreByCode(trx: Kysely<SchedulingDb>, centreCode: string) {
  return trx.selectFrom('centres').select('id').where('code', '=', centreCode).executeTakeFirst();
}

export function bookedCapacity(trx: Kysely<SchedulingDb>, centreId: number, day: string, product: string) {
  return trx
    .selectFrom('centre_capacity')
    .select('booked')
    .where('centre_id', '=', centreId)
    .where('day', '=', day)
    .where('product', '=', product)
    .executeTakeFirst();
}

export async function upsertCapacity(
  trx: Kysely<SchedulingDb>,
  centreId: number,
  day: string,
  product: string,
  doses: number,
): Promise<void> {
  await trx
    .insertInto('centre_capacity')
    .values({ centre_id: centreId, day, product, doses })
    .onConflict((oc) => oc.columns(['centre_id', 'day', 'product']).doUpdateSet({ doses }))
    .execute();
}

export function supplyRows(db: Kysely<SchedulingDb>, provinceAbbr: string, from: string, to: string) {
  return db
    .selectFrom('vaccine_supply as s')
    .innerJoin('registry_provinces as p', 'p.code', 's.province_code')
    .select(['s.day', 's.product', 's.doses', 's.booked'])
    .where('p.abbr', '=', provinceAbbr)
    .where('s.day', '>=', from)
    .where('s.day', '<=', to)
    .orderBy('s.day')
    .orderBy('s.product')
    .execute();
}

export function provinceByAbbr(trx: Kysely<SchedulingDb>, provinceAbbr: string) {
  return trx.selectFrom('registry_provinces').select('code').where('abbr', '=', provinceAbbr).executeTakeFirst();
}

export function bookedSupply(trx: Kysely<SchedulingDb>, provinceCode: string, day: string, product: string) {
  return trx
    .selectFrom('vaccine_supply')
    .select('booked')
    .where('province_code', '=', provinceCode)
    .where('day', '=', day)
    .where('product', '=', product)
    .executeTakeFirst();
}

export async function upsertSupply(
  trx: Kysely<SchedulingDb>,
  provinceCode: string,
  day: string,
  product: string,
  doses: number,
): Promise<void> {
  await trx
    .insertInto('vaccine_supply')
    .values({ province_code: provinceCode, day, product, doses })
    .onConflict((oc) => oc.columns(['province_code', 'day', 'product']).doUpdateSet({ doses }))
    .execute();
}

/** Booked against capacity and supply per province and week, from `from` for `weeks` weeks. */
export async function perProvinceWeek(db: Kysely<SchedulingDb>, from: string, weeks: number) {
  const { rows } = await sql<{ province: string; week: string; capacity: number; booked: number; supply: number }>`
    SELECT w.province, to_char(w.week, 'YYYY-MM-DD') AS week, w.capacity, w.booked,
           (SELECT coalesce(sum(s.doses), 0)::int FROM vaccine_supply s
             WHERE s.province_code = w.code AND date_trunc('week', s.day) = w.week) AS supply
    FROM (SELECT p.abbr AS province, p.code, date_trunc('week', k.day) AS week,
                 sum(k.doses)::int AS capacity, sum(k.booked)::int AS booked
          FROM centre_capacity k
          JOIN centres c ON c.id = k.centre_id
          JOIN registry_provinces p ON p.code = c.province_code
          WHERE k.day >= ${from}::date AND k.day < ${from}::date + ${weeks * 7}::int
          GROUP BY p.abbr, p.code, date_trunc('week', k.day)) w
    ORDER BY 1, 2`.execute(db);
  return rows;
}

/** Doses given per day (Europe/Rome). */
export async function dosesPerDay(db: Kysely<SchedulingDb>) {
  const { rows } = await sql<{ day: string; doses: number }>`
    SELECT to_char(administered_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS day, count(*)::int AS doses
    FROM vaccinations GROUP BY 1 ORDER BY 1`.execute(db);
  return rows;
}
