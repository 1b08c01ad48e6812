import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger, runMigrations } from 'graphile-worker';
import type pg from 'pg';
import { createDb } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

// Any fixed number works; it only has to be the same for every Salus process.
const MIGRATION_LOCK = 727_001;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

// graphile-worker reports each of its migrations on the console: not the place for them.
const quietLogger = new Logger(() => () => undefined);

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Reads `NNNN_name.sql` files in version order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock
 * so that API and worker processes starting together in two sites do not race.
 * A landed migration whose file changed is refused: migrations are never edited.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = readMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // graphile-worker's own schema first: our migrations and every outbox write call its
    // add_job, so it must exist wherever Salus's tables do. (Idempotent; it has its own lock.)
    await runMigrations({ pgPool: pool, logger: quietLogger });
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const known = new Map(applied.rows.map((row) => [row.version, row.checksum]));
    const done: number[] = [];
    for (const migration of migrations) {
      const checksum = known.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.version}_${migration.name} was edited after it was applied. ` +
              'Landed migrations are never edited: add a new numbered migration instead.',
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `Migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Migrates over a short-lived pool of the owner role's own (the application's role may not). */
export async function migrateAs(
  ownerUrl: string,
  migrations: readonly Migration[] = readMigrations(),
): Promise<number[]> {
  // Only the pool is used: Kysely's destroy() would not end a pool it never queried through.
  const { pool } = createDb({ url: ownerUrl, poolMax: 2, applicationName: 'salus-migrate' });
  try {
    return await migrate(pool, migrations);
  } finally {
    await pool.end();
  }
}

/** True when every migration on disk is applied: the readiness condition. */
export async function migrationsApplied(
  pool: pg.Pool,
  migrations: readonly Migration[] = readMigrations(),
): Promise<boolean> {
  const result = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM schema_migrations WHERE version = ANY($1::int[])`,
    [migrations.map((m) => m.version)],
  );
  return result.rows[0]?.count === migrations.length;
}
