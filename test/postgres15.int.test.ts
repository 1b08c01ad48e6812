import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db/database.ts';
import { randomBytes } from 'node:crypto';
import { migrateAs, migrationsApplied, readMigrations } from '../src/db/migrate.ts';
import { APP_ROLE, bootstrapRoles, checkRole, OWNER_ROLE, prepareDatabase } from '../src/db/roles.ts';
import { registryRepository } from '../src/registry/repository.ts';
import { seedPopulation } from '../src/registry/seed.ts';
import { loadLombardy } from '../src/registry/territory.ts';
import { withDatabase, withUser } from './helpers/db-url.ts';
import { startDebianPostgres, type DebianPostgres } from './helpers/debian-postgres.ts';
import { freePort } from './helpers/ports.ts';

// Production runs Debian's PostgreSQL 15; the embedded default is newer. Every
// migration and the bulk loader must work on both.
const dir = mkdtempSync(path.join(tmpdir(), 'salus-pg15-'));
let server: DebianPostgres;
let db: Db;
let ownerUrl: string;

// As production runs: the superuser only makes the roles and the database, the owner
// migrates, and the application's role does the rest.
beforeAll(async () => {
  server = await startDebianPostgres(dir, await freePort());
  const passwords = { owner: randomBytes(18).toString('base64url'), app: randomBytes(18).toString('base64url') };
  await bootstrapRoles(server.url, passwords);
  await prepareDatabase(server.url, 'salus');
  ownerUrl = withUser(withDatabase(server.url, 'salus'), OWNER_ROLE, passwords.owner);
  db = createDb({ url: withUser(withDatabase(server.url, 'salus'), APP_ROLE, passwords.app), poolMax: 3 });
}, 60_000);

afterAll(async () => {
  await db.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL 15 compatibility', () => {
  it('reports the server as version 15', async () => {
    const { rows } = await db.pool.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150_000);
    expect(Number(rows[0]?.server_version_num)).toBeLessThan(160_000);
  });

  it('applies every migration, and a second run applies none', async () => {
    expect(await migrateAs(ownerUrl)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrateAs(ownerUrl)).toEqual([]);
    expect(await migrationsApplied(db.pool)).toBe(true);
  });

  it('runs the application as a role that is no superuser, owns nothing and cannot rewrite the audit log', async () => {
    expect(await checkRole(db.pool)).toEqual({ role: APP_ROLE, superuser: false, owns: 0 });
    for (const statement of [
      'SET session_replication_role = replica',
      'ALTER TABLE audit_events DISABLE TRIGGER ALL',
      'TRUNCATE audit_events',
    ]) {
      await expect(db.pool.query(statement)).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('bulk-loads a synthetic population', async () => {
    const result = await seedPopulation(
      { pool: db.pool, repo: registryRepository(db.kysely), territory: loadLombardy() },
      { seed: 9, citizens: 2_000, asOf: '2026-01-01' },
    );
    expect(result.inserted).toBe(2_000);
  });
});
