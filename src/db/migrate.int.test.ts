import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { MigrationError, migrate, readMigrations } from './migrate.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('migrate', () => {
  it('applies nothing twice', async () => {
    expect(await migrate(database.db.pool)).toEqual([]);
  });

  it('refuses a landed migration whose file was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(database.db.pool, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(database.db.pool, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('applies a new migration in its own transaction and rolls back a failing one', async () => {
    const extra = { version: 9001, name: 'probe', sql: 'CREATE TABLE probe_9001 (id int)', checksum: 'a' };
    const broken = { version: 9002, name: 'broken', sql: 'CREATE TABLE probe_9002 (id int); SELECT no_such_function()', checksum: 'b' };
    expect(await migrate(database.db.pool, [...readMigrations(), extra])).toEqual([9001]);
    await expect(migrate(database.db.pool, [...readMigrations(), extra, broken])).rejects.toThrow(/9002_broken failed/);
    const { rows } = await database.db.pool.query<{ exists: boolean }>(`SELECT to_regclass('probe_9002') IS NOT NULL AS exists`);
    expect(rows[0]?.exists).toBe(false);
  });
});
