import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/**
 * A Kysely bound to one checked-out connection, for work that mixes Kysely queries
 * with the raw client in one transaction (COPY for bulk writes). The caller owns the
 * connection: Kysely's release is a no-op here.
 */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  const pool = {
    connect: () => Promise.resolve({ query: client.query.bind(client), release: () => undefined }),
    end: () => Promise.resolve(),
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}
