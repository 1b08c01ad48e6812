import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { loadLombardy, registryRepository, seedPopulation } from '../registry/index.ts';
import { runAllocation } from './allocation.ts';
import { allocationRepository } from './repository.ts';
import { seedCapacityAndSupply, seedCentres, seedProductsAndNeighbours } from './seed.ts';

// Issue 21: the runs requested after enrollments skip reading the people when no first dose can be booked anywhere.
let database: TestDatabase;
let campaignId = 0;
const territory = loadLombardy();
const START = '2030-03-01';
const PRODUCTS = ['Comirnaty'];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await seedPopulation(
    { pool: db.pool, repo: registryRepository(db.kysely), territory },
    { seed: 21, citizens: 12, asOf: '2026-01-01', minAge: 80 },
  );
  await seedProductsAndNeighbours(db.kysely, territory);
  const campaign = await sql<{ id: number }>`
    INSERT INTO campaigns (code, name, products, opens_at, planned_weekly_capacity)
    VALUES ('skip-test', 'Skip test', '{Comirnaty}', now() - interval '1 day', 1000) RETURNING id`.execute(db.kysely);
  campaignId = campaign.rows[0]?.id ?? 0;
  await sql`INSERT INTO campaign_cohorts (campaign_id, label, born_to_year, opens_at)
            VALUES (${campaignId}, 'over 80', 1946, now() - interval '1 day')`.execute(db.kysely);
  await sql`
    INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by)
    SELECT ${campaignId}, c.id, (SELECT id FROM campaign_cohorts WHERE campaign_id = ${campaignId}), 'citizen', 'code'
    FROM citizens c WHERE c.synthetic_seed = 21`.execute(db.kysely);
}, 60_000);
afterAll(async () => {
  await database.drop();
});

const run = (skipWithoutSlot: boolean) =>
  runAllocation(
    database.db.pool,
    allocationRepository(),
    { id: campaignId, products: PRODUCTS },
    { startDay: START, horizonDays: 30, skipWithoutSlot },
  );

describe('an allocation run with no free slot', () => {
  it('reads nobody when asked to skip, and reports the whole demand when the region asks', async () => {
    expect(await run(true)).toMatchObject({ demand: null, firstDoses: 0, secondDoses: 0 });
    expect(await run(false)).toMatchObject({ demand: 12, firstDoses: 0, unallocated: 12 });
  });

  it('books everyone once a calendar has room, skip or not', async () => {
    await seedCentres(database.db.kysely, territory, 12, null);
    await seedCapacityAndSupply(database.db.kysely, {
      start: START,
      days: 80,
      dosesPerLinePerDay: 5,
      products: PRODUCTS,
      supplyShare: 1,
    });
    expect(await run(true)).toMatchObject({ demand: 12, firstDoses: 12, secondDoses: 12, inversions: 0 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM appointments`.execute(database.db.kysely);
    expect(rows[0]?.n).toBe(24);
  });
});
