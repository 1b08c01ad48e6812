import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint) counts fit comfortably in a JS number for our sizes (< 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Dates stay ISO strings ("1936-05-04"): no timezone shift of birth dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface Db {
  readonly pool: pg.Pool;
  readonly kysely: Kysely<Database>;
  close(): Promise<void>;
}

export interface DbOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly applicationName?: string;
  readonly onError?: (error: Error) => void;
}

export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    application_name: options.applicationName ?? 'salus',
    // Fail fast when the database is gone (failover): callers retry or answer 503.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart, failover) must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  // A checked-out client whose socket dies emits 'error' too; unhandled, that would crash the process.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError?.(error));
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    kysely,
    close: async () => {
      await kysely.destroy();
    },
  };
}
