import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('statements prepared once per connection', () => {
  it('prepares a repeated parameterised statement on the server and answers as before', async () => {
    const client = await database.db.pool.connect();
    try {
      const text = 'SELECT $1::int + 1 AS n';
      for (const value of [1, 2, 3]) {
        const { rows } = await client.query<{ n: number }>(text, [value]);
        expect(rows).toEqual([{ n: value + 1 }]);
      }
      const { rows } = await client.query<{ statement: string; from_sql: boolean }>(
        'SELECT statement, from_sql FROM pg_prepared_statements',
      );
      expect(rows).toContainEqual({ statement: text, from_sql: false });
    } finally {
      client.release();
    }
  });

  it('still runs parameterless scripts of several statements, and Kysely queries', async () => {
    // node-postgres answers a script with one result per statement.
    const results = (await database.db.pool.query('SELECT 1 AS a; SELECT 2 AS b')) as unknown as pg.QueryResult[];
    expect(results.map((result): unknown => result.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    const answer = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(database.db.kysely);
    expect(answer.rows).toEqual([{ n: 42 }]);
  });
});
