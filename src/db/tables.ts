import type { Kysely, Transaction } from 'kysely';

/**
 * A database handle typed with some tables only: a module's repository works on `Db<ItsTables>` (its db-types.ts),
 * so reading or writing another module's table does not compile (issue 18). The connection is the same one: every
 * table exists in the database, the type says which this code may name.
 */
export type Db<T> = Kysely<T>;

/**
 * A handle on more tables seen through a module's own. Kysely's type is invariant in its tables, so the composition
 * root's `Kysely<Database>` is not a `Db<Own>` although it holds them all: a module's factory takes any handle that
 * holds its tables, checked by its type parameter, and narrows it here.
 *   export function xRepository<All extends XTables>(handle: Db<All>) { const db = ownTables<XTables, All>(handle); }
 */
export function ownTables<Own, All extends Own>(db: Db<All>): Db<Own> {
  return db as unknown as Db<Own>;
}

/**
 * Another module's handle or transaction, typed with that module's tables. The union (not `Kysely<Caller>` alone)
 * lets TypeScript infer `Caller` from a `Transaction<…>`.
 */
export type CallersHandle<Caller> = Kysely<Caller> | Transaction<Caller>;

/**
 * A caller's handle or transaction seen through the receiver's own tables (records narrows the platform's handle
 * so). The outbox and the access log write their rows in the transaction of the change they belong to (a message
 * exists if and only if the change committed), whichever
 * module's tables the caller's handle is typed with: same connection, another type.
 */
export function inTransactionOf<Own, Caller>(trx: CallersHandle<Caller>): Db<Own> {
  return trx as unknown as Db<Own>;
}
