import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/tables.ts';
import type { IdentityDb } from './db-types.ts';

/**
 * A delegation in force: not revoked and not past its end (migration 0017), as SQL over the
 * alias `d`. The one definition, used by every check (session, FHIR scope, lists, limits), so
 * a revoked or expired delegation stops working everywhere on the next request.
 */
export const liveDelegation = (d: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${d}.revoked_at`)} IS NULL AND (${sql.ref(`${d}.expires_at`)} IS NULL OR ${sql.ref(
    `${d}.expires_at`,
  )} > now()))`;

/** The SQL of delegations (migrations/0002_identity.sql, 0017), with the names from the registry's view. */
export function delegationsRepository(db: Db<IdentityDb>) {
  return {
    /** Live delegations where `citizenId` is in `column`, with the other party's name. */
    live(column: 'delegator_id' | 'delegate_id', other: 'delegator_id' | 'delegate_id', citizenId: number) {
      return db
        .selectFrom('delegations as d')
        .innerJoin('registry_citizens as c', 'c.id', `d.${other}`)
        .select(['d.id', 'd.created_at', 'c.fiscal_code', 'c.given_name', 'c.family_name'])
        .where(`d.${column}`, '=', citizenId)
        .where(liveDelegation('d'))
        .orderBy('d.created_at')
        .execute();
    },

    /** Runs `work` in one transaction: it binds a repository to `trx` (delegationsRepository(trx)). */
    transaction<T>(work: (trx: Db<IdentityDb>) => Promise<T>): Promise<T> {
      return db.transaction().execute(work);
    },

    citizenByCards(fiscalCode: string, healthCardNumber: string) {
      return db
        .selectFrom('registry_citizens')
        .select(['id', 'fiscal_code', 'given_name', 'family_name'])
        .where('fiscal_code', '=', fiscalCode)
        .where('health_card_number', '=', healthCardNumber)
        .executeTakeFirst();
    },

    /**
     * Serialises delegation changes of these citizens until the transaction ends: one transaction-scoped advisory
     * lock per citizen, taken in id order (no deadlock). The registry's rows are not this module's to lock.
     */
    async lockCitizens(ids: readonly number[]): Promise<void> {
      for (const id of [...ids].sort((a, b) => a - b))
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`salus-delegation:${id}`}, 0))`.execute(db);
    },

    /**
     * An expired delegation of this pair still holds the unique "active pair" index (its predicate cannot use
     * now()): close it at its end date, so the pair can be named again.
     */
    async closeExpired(delegatorId: number, delegateId: number): Promise<void> {
      await sql`UPDATE delegations d SET revoked_at = d.expires_at
        WHERE d.delegator_id = ${delegatorId} AND d.delegate_id = ${delegateId} AND d.revoked_at IS NULL
          AND d.expires_at <= now()`.execute(db);
    },

    /** Live delegations given by `delegatorId`, held by `delegateId`, and between the two. */
    async counts(delegatorId: number, delegateId: number): Promise<{ given: number; held: number; existing: number }> {
      const { rows } = await sql<{ given: number; held: number; existing: number }>`
        SELECT (SELECT count(*) FROM delegations d
                 WHERE d.delegator_id = ${delegatorId} AND ${liveDelegation('d')})::int AS given,
               (SELECT count(*) FROM delegations d
                 WHERE d.delegate_id = ${delegateId} AND ${liveDelegation('d')})::int AS held,
               (SELECT count(*) FROM delegations d
                 WHERE d.delegator_id = ${delegatorId} AND d.delegate_id = ${delegateId}
                  AND ${liveDelegation('d')})::int AS existing`.execute(db);
      return rows[0] ?? { given: 0, held: 0, existing: 0 };
    },

    insert(delegatorId: number, delegateId: number) {
      return db
        .insertInto('delegations')
        .values({ delegator_id: delegatorId, delegate_id: delegateId })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    /** Ends a live delegation `id` that `citizenId` is a party to; undefined: none. */
    revoke(id: number, citizenId: number) {
      return db
        .updateTable('delegations as d')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where(liveDelegation('d'))
        .where((eb) => eb.or([eb('delegator_id', '=', citizenId), eb('delegate_id', '=', citizenId)]))
        .returning(['delegator_id'])
        .executeTakeFirst();
    },

    async delegatorIdOf(delegationId: number): Promise<number> {
      const row = await db
        .selectFrom('delegations')
        .select('delegator_id')
        .where('id', '=', delegationId)
        .executeTakeFirstOrThrow();
      return row.delegator_id;
    },

    async represents(delegateId: number, delegatorId: number): Promise<boolean> {
      const row = await db
        .selectFrom('delegations as d')
        .select('id')
        .where('delegate_id', '=', delegateId)
        .where('delegator_id', '=', delegatorId)
        .where(liveDelegation('d'))
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type DelegationsRepository = ReturnType<typeof delegationsRepository>;
