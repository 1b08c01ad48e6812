import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { statementNamer, type StatementNamer } from './prepared.ts';
import { CommitNotReplicatedError, isSyncReplicationCancel } from './retry.ts';
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
  /** Repeated parameterised statements prepared once per connection (prepared.ts); default true. */
  readonly namedStatements?: boolean;
}

export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    application_name: options.applicationName ?? 'salus',
    // Fail fast when the database is gone (failover): callers retry or answer 503.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A peer that vanished without closing (a host gone, no RST) is noticed after
    // 10 s + 9 probes × 75 s (Linux defaults) ≈ 11 min instead of ≈ 2 h 11 min. In the HA
    // layout HAProxy is in the same site and cuts sessions itself (shutdown-sessions).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client losing its connection (server restart, failover) must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  const namer = options.namedStatements === false ? null : statementNamer();
  // A checked-out client whose socket dies emits 'error' too; unhandled, that would crash the process.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError?.(error));
    guardSynchronousCommit(client, namer?.forConnection() ?? null);
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

interface Notice {
  readonly message?: string;
  readonly detail?: string | undefined;
}
type QueryCallback = (error: Error | null, result: unknown) => void;
type AnyQuery = (...args: unknown[]) => unknown;

/**
 * Makes a statement fail when the server cancelled its wait for the synchronous
 * standby (see isSyncReplicationCancel): the COMMIT, or an autocommit statement,
 * then rejects with CommitNotReplicatedError instead of resolving, so callers treat
 * it as not acknowledged (503 for a write, a retry for idempotent work). node-postgres
 * emits a statement's notices before its completion, and one client runs its
 * statements one at a time, so a notice belongs to the next statement to complete.
 * Every path goes through client.query: Kysely (promise), pool.query (callback) and
 * submittables such as COPY streams (returned untouched; their COMMIT is a query).
 */
function guardSynchronousCommit(client: pg.PoolClient, namer: StatementNamer | null): void {
  let cancelled: Notice | null = null;
  client.on('notice', (notice: Notice) => {
    if (isSyncReplicationCancel(notice)) cancelled = notice;
  });
  const take = (): CommitNotReplicatedError | null => {
    const notice = cancelled;
    cancelled = null;
    return notice === null ? null : new CommitNotReplicatedError(notice);
  };
  const query = client.query.bind(client) as AnyQuery;
  const guarded: AnyQuery = (...given) => {
    const args = namer === null ? given : namer.name(given);
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      return query(...args.slice(0, -1), (error: Error | null, result: unknown) => {
        const notReplicated = take();
        callback(error ?? notReplicated, error === null && notReplicated === null ? result : undefined);
      });
    }
    const returned = query(...args);
    if (!(returned instanceof Promise)) return returned;
    return returned.then(
      (result: unknown) => {
        const notReplicated = take();
        if (notReplicated !== null) throw notReplicated;
        return result;
      },
      (error: unknown) => {
        take();
        throw error;
      },
    );
  };
  Object.assign(client, { query: guarded });
}
