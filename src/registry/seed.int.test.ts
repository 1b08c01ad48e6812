import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { registryRepository } from './repository.ts';
import { seedPopulation } from './seed.ts';
import { loadLombardy } from './territory.ts';

let database: TestDatabase;
const territory = loadLombardy();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('seedPopulation against PostgreSQL', () => {
  const deps = () => ({ pool: database.db.pool, repo: registryRepository(database.db.kysely), territory });

  it('bulk-loads the requested citizens with GPs of their own province, reporting progress', async () => {
    const progress: number[] = [];
    const result = await seedPopulation(deps(), {
      seed: 3,
      citizens: 6_000,
      asOf: '2026-01-01',
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toMatchObject({ inserted: 6_000, skipped: 0 });
    expect(result.gps).toBeGreaterThanOrEqual(12);
    expect(progress.at(-1)).toBe(6_000);

    const { rows } = await database.db.pool.query<{ mismatched: number; biggest: number; orphans: number }>(`
      SELECT count(*) FILTER (WHERE m.province_code <> o.province_code)::int AS mismatched,
             (SELECT max(n) FROM (SELECT count(*)::int AS n FROM citizens GROUP BY gp_id) x) AS biggest,
             count(*) FILTER (WHERE c.gp_id IS NULL)::int AS orphans
      FROM citizens c JOIN municipalities m ON m.istat_code = c.residence_istat
      LEFT JOIN operators o ON o.id = c.gp_id`);
    expect(rows[0]).toEqual({ mismatched: 0, biggest: expect.any(Number) as number, orphans: 0 });
    expect(rows[0]?.biggest).toBeLessThanOrEqual(1_500);
  });

  it('is idempotent: the same seed again inserts nobody twice', async () => {
    const again = await seedPopulation(deps(), { seed: 3, citizens: 6_000, asOf: '2026-01-01' });
    expect(again).toMatchObject({ inserted: 0, skipped: 6_000 });
    expect(await registryRepository(database.db.kysely).citizenCount()).toBe(6_000);
  });

  it('adds different people for a different seed', async () => {
    const other = await seedPopulation(deps(), { seed: 4, citizens: 1_000, asOf: '2026-01-01' });
    expect(other.inserted).toBe(1_000);
  });
});
