import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { loadLombardy, registryRepository, seedPopulation } from '../registry/index.ts';
import type { CitizenPrincipal } from '../shared/principal.ts';
import { auditLog } from './audit.ts';
import { delegationService, MAX_DELEGATES_PER_CITIZEN, MAX_DELEGATIONS_PER_DELEGATE } from './delegations.ts';

let database: TestDatabase;
let people: { id: number; fiscal_code: string; health_card_number: string; given_name: string; family_name: string }[] =
  [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedPopulation(
    { pool: database.db.pool, repo: registryRepository(database.db.kysely), territory: loadLombardy() },
    { seed: 5, citizens: 40, asOf: '2026-01-01' },
  );
  people = await database.db.kysely
    .selectFrom('citizens')
    .select(['id', 'fiscal_code', 'health_card_number', 'given_name', 'family_name'])
    .orderBy('id')
    .execute();
});
afterAll(async () => {
  await database.drop();
});

const principal = (i: number): CitizenPrincipal => {
  const p = people[i];
  if (p === undefined) throw new Error(`no person ${i}`);
  return {
    kind: 'citizen',
    citizenId: p.id,
    fiscalCode: p.fiscal_code,
    name: `${p.given_name} ${p.family_name}`,
    actingFor: null,
    sessionHash: `test-${i}`,
  };
};
const card = (i: number) => ({
  fiscalCode: people[i]?.fiscal_code ?? '',
  healthCardNumber: people[i]?.health_card_number ?? '',
});

describe('delegations', () => {
  const service = () => delegationService(database.db.kysely, auditLog(database.db.kysely));

  it(`lets a citizen name at most ${MAX_DELEGATES_PER_CITIZEN} delegates`, async () => {
    for (const i of [1, 2, 3]) await service().add(principal(0), card(i), 'r');
    await expect(service().add(principal(0), card(4), 'r')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'delegation.too_many_delegates',
    });
    expect((await service().mine(principal(0))).delegates).toHaveLength(3);
  });

  it(`lets a person hold at most ${MAX_DELEGATIONS_PER_DELEGATE} delegations`, async () => {
    for (const i of [11, 12, 13, 14, 15]) await service().add(principal(i), card(10), 'r');
    await expect(service().add(principal(16), card(10), 'r')).rejects.toMatchObject({
      code: 'delegation.delegate_full',
    });
  });

  it('holds the limits under concurrent requests (rows are locked, not checked then inserted)', async () => {
    // Six citizens at once try to name the same delegate, who can hold five.
    const separate = createDb({ url: database.url, poolMax: 8 });
    try {
      const concurrent = delegationService(separate.kysely, auditLog(separate.kysely));
      const results = await Promise.allSettled(
        [21, 22, 23, 24, 25, 26].map((i) => concurrent.add(principal(i), card(20), 'r')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    } finally {
      await separate.close();
    }
  });

  it('refuses duplicates, self-delegation and a wrong health card', async () => {
    await expect(service().add(principal(0), card(1), 'r')).rejects.toMatchObject({ code: 'delegation.exists' });
    await expect(service().add(principal(30), card(30), 'r')).rejects.toMatchObject({ code: 'delegation.self' });
    await expect(
      service().add(principal(30), { ...card(31), healthCardNumber: card(32).healthCardNumber }, 'r'),
    ).rejects.toMatchObject({ code: 'delegation.person_not_found' });
  });

  it('lets either side end a delegation, which frees a place', async () => {
    const mine = await service().mine(principal(0));
    const first = mine.delegates[0];
    if (first === undefined) throw new Error('expected a delegate');
    await service().revoke(principal(1), first.id, 'r');
    expect((await service().mine(principal(0))).delegates).toHaveLength(2);
    await service().add(principal(0), card(4), 'r');
    expect((await service().mine(principal(0))).delegates).toHaveLength(3);
  });

  it('audits every change, with both people', async () => {
    const { rows } = await database.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'Delegation' AND subject_citizen_id = $1`,
      [people[0]?.id],
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(5);
  });
});

describe('the audit log is append-only', () => {
  it.each([
    ['UPDATE', `UPDATE audit_events SET purpose = 'rewritten'`],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('refuses %s, even to the application’s own role', async (_op, statement) => {
    const before = await database.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    expect(before.rows[0]?.n).toBeGreaterThan(0);
    await expect(database.db.pool.query(statement)).rejects.toMatchObject({ code: '42501' });
    const after = await database.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
