import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { loadLombardy, registryRepository, seedPopulation } from '../registry/index.ts';
import { liveDelegation } from './delegations.ts';

// identity_live_delegations (migrations/0027_published_views.sql) is what other modules read
// (the FSE's access rule): it must say "live" exactly as liveDelegation does, the check of
// every session and list, or a revoked delegate would keep reading a record.
let database: TestDatabase;
let people: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedPopulation(
    { pool: database.db.pool, repo: registryRepository(database.db.kysely), territory: loadLombardy() },
    { seed: 7, citizens: 10, asOf: '2026-01-01' },
  );
  people = (await database.db.kysely.selectFrom('citizens').select('id').orderBy('id').execute()).map((c) => c.id);
});
afterAll(async () => {
  await database.drop();
});

const person = (i: number): number => {
  const id = people[i];
  if (id === undefined) throw new Error(`no person ${i}`);
  return id;
};

describe('identity_live_delegations', () => {
  it('holds exactly the delegations liveDelegation calls live', async () => {
    const hour = 3_600_000;
    const now = Date.now();
    const rows = [
      { delegator_id: person(0), delegate_id: person(1), revoked_at: null, expires_at: null },
      { delegator_id: person(0), delegate_id: person(2), revoked_at: new Date(now - hour), expires_at: null },
      { delegator_id: person(0), delegate_id: person(3), revoked_at: null, expires_at: new Date(now - hour) },
      { delegator_id: person(0), delegate_id: person(4), revoked_at: null, expires_at: new Date(now + 24 * hour) },
      {
        delegator_id: person(5),
        delegate_id: person(1),
        revoked_at: new Date(now - hour),
        expires_at: new Date(now + hour),
      },
    ];
    const inserted = await database.db.kysely.insertInto('delegations').values(rows).returning('id').execute();
    const ids = inserted.map((r) => r.id);

    const byFunction = await database.db.kysely
      .selectFrom('delegations as d')
      .select('d.id')
      .where(liveDelegation('d'))
      .orderBy('d.id')
      .execute();
    const byView = await sql<{ id: number }>`SELECT id FROM identity_live_delegations ORDER BY id`.execute(
      database.db.kysely,
    );

    expect(byFunction.map((r) => r.id)).toEqual([ids[0], ids[3]]);
    expect(byView.rows.map((r) => r.id)).toEqual(byFunction.map((r) => r.id));
  });

  it('is read-only for the application role', async () => {
    await expect(
      sql`DELETE FROM identity_live_delegations WHERE delegate_id = ${person(1)}`.execute(database.db.kysely),
    ).rejects.toThrow(/permission denied/);
    const stillThere = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity_live_delegations`.execute(
      database.db.kysely,
    );
    expect(stillThere.rows[0]?.n).toBe(2);
  });
});
