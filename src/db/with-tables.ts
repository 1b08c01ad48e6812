import type { Kysely } from 'kysely';

/**
 * Any Kysely handle or transaction, whatever its tables: what a caller hands to another
 * module's service to share its transaction (the access log, the outbox).
 */
export type AnyHandle = Pick<Kysely<never>, 'getExecutor'>;

/**
 * The one pool's handle, typed for one module: only the tables it owns and the read-only
 * views other modules publish for it (migrations/0027_published_views.sql). The same
 * connection pool and the same queries; only what the compiler lets the module name
 * narrows, so a query on another module's table fails the type check (issue 18, item 2).
 * The composition root calls it; a module never widens its own handle.
 */
export function withTables<Tables>(db: AnyHandle): Kysely<Tables> {
  return db as unknown as Kysely<Tables>;
}
