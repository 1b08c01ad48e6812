import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { IMMUNIZATION } from './index.ts';

// Immunization's ids are text over a UNION ALL of the centres' doses and the documents' vaccinations (ADR 0018).
// A read by id must reach the doses through migration 0037's expression index, not a scan of every dose.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function planOf(id: string): Promise<string> {
  const client = await database.db.pool.connect();
  try {
    await client.query('BEGIN');
    // An empty table is cheaper to scan than to probe: forbid the scan, so the plan shows whether an index fits.
    await client.query('SET LOCAL enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT ${IMMUNIZATION.select} FROM ${IMMUNIZATION.from} WHERE r.id = $1`,
      [id],
    );
    await client.query('ROLLBACK');
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('Immunization read by id', () => {
  it("answers a centre dose's id from the expression index on its text form", async () => {
    const plan = await planOf('42');
    expect(plan).toContain('vaccinations_id_text_idx');
    expect(plan).not.toMatch(/Seq Scan on vaccinations/);
  });
});
