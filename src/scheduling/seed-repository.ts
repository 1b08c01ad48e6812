import { sql, type Insertable, type Kysely } from 'kysely';
import type { SchedulingDb, SchedulingTables } from './db-types.ts';

/** SQL of the scheduling seed (seed.ts); every insert skips rows already there, so a seed can run again. */

export async function insertProducts(
  db: Kysely<SchedulingDb>,
  rows: Insertable<SchedulingTables['vaccine_products']>[],
): Promise<void> {
  await db
    .insertInto('vaccine_products')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function insertNeighbours(
  db: Kysely<SchedulingDb>,
  rows: { province_code: string; neighbour_code: string }[],
): Promise<void> {
  await db
    .insertInto('province_neighbours')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertCentres(
  db: Kysely<SchedulingDb>,
  rows: Insertable<SchedulingTables['centres']>[],
): Promise<void> {
  await db
    .insertInto('centres')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/**
 * Capacity per centre and day (`dosesPerLinePerDay` per line, split evenly over `products`), and each province's
 * daily supply at `supplyShare` of its centres' capacity, for `days` days from `start`.
 */
export async function insertCapacityAndSupply(
  db: Kysely<SchedulingDb>,
  options: {
    start: string;
    days: number;
    dosesPerLinePerDay: number;
    products: readonly string[];
    supplyShare: number;
  },
): Promise<void> {
  const share = 1 / options.products.length;
  await sql`
    INSERT INTO centre_capacity (centre_id, day, product, doses)
    SELECT c.id, ${options.start}::date + d, p,
           ceil(c.lines * ${options.dosesPerLinePerDay}::int * ${share}::float8)::int
    FROM centres c, generate_series(0, ${options.days - 1}::int) d, unnest(${[...options.products]}::text[]) p
    ON CONFLICT (centre_id, day, product) DO NOTHING`.execute(db);
  await sql`
    INSERT INTO vaccine_supply (province_code, day, product, doses)
    SELECT c.province_code, cc.day, cc.product, floor(sum(cc.doses) * ${options.supplyShare}::float8)::int
    FROM centre_capacity cc JOIN centres c ON c.id = cc.centre_id
    WHERE cc.day >= ${options.start}::date AND cc.day < ${options.start}::date + ${options.days}::int
    GROUP BY c.province_code, cc.day, cc.product
    ON CONFLICT (province_code, day, product) DO NOTHING`.execute(db);
}
