import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';

/**
 * A Kysely bound to one checked-out connection, for work that mixes Kysely queries
 * with the raw client in one transaction (COPY for bulk writes). The caller owns the
 * connection: Kysely's release is a no-op here. Typed with the caller's tables (src/db/tables.ts).
 */
export function kyselyOnClient<Tables>(client: pg.PoolClient): Kysely<Tables> {
  const pool = {
    connect: () => Promise.resolve({ query: client.query.bind(client), release: () => undefined }),
    end: () => Promise.resolve(),
  };
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}
