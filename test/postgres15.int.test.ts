import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db/database.ts';
import { migrate, migrationsApplied, readMigrations } from '../src/db/migrate.ts';
import { registryRepository } from '../src/registry/repository.ts';
import { seedPopulation } from '../src/registry/seed.ts';
import { loadLombardy } from '../src/registry/territory.ts';
import { startDebianPostgres, type DebianPostgres } from './helpers/debian-postgres.ts';
import { freePort } from './helpers/ports.ts';

// Production runs Debian's PostgreSQL 15; the embedded default is newer. Every
// migration and the bulk loader must work on both.
const dir = mkdtempSync(path.join(tmpdir(), 'salus-pg15-'));
let server: DebianPostgres;
let db: Db;

beforeAll(async () => {
  server = await startDebianPostgres(dir, await freePort());
  db = createDb({ url: server.url, poolMax: 3 });
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
    expect(await migrate(db.pool)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(db.pool)).toEqual([]);
    expect(await migrationsApplied(db.pool)).toBe(true);
  });

  it('bulk-loads a synthetic population', async () => {
    const result = await seedPopulation(
      { pool: db.pool, repo: registryRepository(db.kysely), territory: loadLombardy() },
      { seed: 9, citizens: 2_000, asOf: '2026-01-01' },
    );
    expect(result.inserted).toBe(2_000);
  });
});
