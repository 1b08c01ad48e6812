import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { createDb, type Db } from './database.ts';
import { MigrationError, migrate, readMigrations } from './migrate.ts';

let database: TestDatabase;
// Migrations run as the owner role; the application's role (database.db) may not change the schema.
let owner: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = createDb({ url: database.ownerUrl, poolMax: 2 });
});
afterAll(async () => {
  await owner.close();
  await database.drop();
});

describe('migrate', () => {
  it('applies nothing twice', async () => {
    expect(await migrate(owner.pool)).toEqual([]);
  });

  it('refuses a landed migration whose file was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(owner.pool, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(owner.pool, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('applies a new migration in its own transaction and rolls back a failing one', async () => {
    const extra = { version: 9001, name: 'probe', sql: 'CREATE TABLE probe_9001 (id int)', checksum: 'a' };
    const broken = {
      version: 9002,
      name: 'broken',
      sql: 'CREATE TABLE probe_9002 (id int); SELECT no_such_function()',
      checksum: 'b',
    };
    expect(await migrate(owner.pool, [...readMigrations(), extra])).toEqual([9001]);
    await expect(migrate(owner.pool, [...readMigrations(), extra, broken])).rejects.toThrow(/9002_broken failed/);
    const { rows } = await database.db.pool.query<{ exists: boolean }>(
      `SELECT to_regclass('probe_9002') IS NOT NULL AS exists`,
    );
    expect(rows[0]?.exists).toBe(false);
  });
});
