import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, forbidden, notFound, validationError } from '../shared/errors.ts';
import type { AuditLog } from './audit.ts';
import type { CitizenPrincipal } from '../shared/principal.ts';

/** Lombardy's rules: a citizen names at most 3 delegates; a person holds at most 5 delegations. */
export const MAX_DELEGATES_PER_CITIZEN = 3;
export const MAX_DELEGATIONS_PER_DELEGATE = 5;

/**
 * A delegation in force: not revoked and not past its end (migration 0017), as SQL over the
 * alias `d`. The one definition, used by every check (session, FHIR scope, lists, limits), so
 * a revoked or expired delegation stops working everywhere on the next request.
 */
export const liveDelegation = (d: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${d}.revoked_at`)} IS NULL AND (${sql.ref(`${d}.expires_at`)} IS NULL OR ${sql.ref(`${d}.expires_at`)} > now()))`;

export interface DelegationView {
  readonly id: number;
  readonly fiscalCode: string;
  readonly name: string;
  readonly since: string;
}

export function delegationService(db: Kysely<Database>, audit: AuditLog) {
  const list = async (
    column: 'delegator_id' | 'delegate_id',
    other: 'delegator_id' | 'delegate_id',
    citizenId: number,
  ): Promise<DelegationView[]> => {
    const rows = await db
      .selectFrom('delegations as d')
      .innerJoin('citizens as c', 'c.id', `d.${other}`)
      .select(['d.id', 'd.created_at', 'c.fiscal_code', 'c.given_name', 'c.family_name'])
      .where(`d.${column}`, '=', citizenId)
      .where(liveDelegation('d'))
      .orderBy('d.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      fiscalCode: r.fiscal_code,
      name: `${r.given_name} ${r.family_name}`,
      since: r.created_at.toISOString(),
    }));
  };

  return {
    async mine(principal: CitizenPrincipal) {
      return {
        delegates: await list('delegator_id', 'delegate_id', principal.citizenId),
        representing: await list('delegate_id', 'delegator_id', principal.citizenId),
      };
    },

    /**
     * Names a delegate, identified by codice fiscale and health card number. Both
     * limits are checked with both citizens' rows locked, so two concurrent requests
     * cannot together exceed them.
     */
    async add(
      principal: CitizenPrincipal,
      delegate: { fiscalCode: string; healthCardNumber: string },
      requestId: string,
    ): Promise<DelegationView> {
      if (principal.actingFor !== null)
        throw forbidden('delegation.as_delegate', 'A delegate cannot name further delegates on someone else’s behalf.');
      return db.transaction().execute(async (trx) => {
        const target = await trx
          .selectFrom('citizens')
          .select(['id', 'fiscal_code', 'given_name', 'family_name'])
          .where('fiscal_code', '=', delegate.fiscalCode)
          .where('health_card_number', '=', delegate.healthCardNumber)
          .executeTakeFirst();
        if (target === undefined)
          throw notFound(
            'delegation.person_not_found',
            'No citizen matches this codice fiscale and health card number.',
          );
        if (target.id === principal.citizenId)
          throw validationError('delegation.self', 'You cannot name yourself as your delegate.');
        await sql`SELECT id FROM citizens WHERE id IN (${principal.citizenId}, ${target.id}) ORDER BY id FOR UPDATE`.execute(
          trx,
        );
        // An expired delegation of this pair still holds the unique "active pair" index (its
        // predicate cannot use now()): close it at its end date, so the pair can be named again.
        await sql`UPDATE delegations d SET revoked_at = d.expires_at
          WHERE d.delegator_id = ${principal.citizenId} AND d.delegate_id = ${target.id} AND d.revoked_at IS NULL AND d.expires_at <= now()`.execute(
          trx,
        );
        const counts = await sql<{ given: number; held: number; existing: number }>`
          SELECT (SELECT count(*) FROM delegations d WHERE d.delegator_id = ${principal.citizenId} AND ${liveDelegation('d')})::int AS given,
                 (SELECT count(*) FROM delegations d WHERE d.delegate_id = ${target.id} AND ${liveDelegation('d')})::int AS held,
                 (SELECT count(*) FROM delegations d WHERE d.delegator_id = ${principal.citizenId} AND d.delegate_id = ${target.id}
                    AND ${liveDelegation('d')})::int AS existing`.execute(trx);
        const c = counts.rows[0] ?? { given: 0, held: 0, existing: 0 };
        if (c.existing > 0)
          throw conflict('delegation.exists', `${target.given_name} ${target.family_name} is already your delegate.`);
        if (c.given >= MAX_DELEGATES_PER_CITIZEN)
          throw conflict(
            'delegation.too_many_delegates',
            `You already have ${MAX_DELEGATES_PER_CITIZEN} delegates, the most allowed. Remove one first.`,
          );
        if (c.held >= MAX_DELEGATIONS_PER_DELEGATE)
          throw conflict(
            'delegation.delegate_full',
            `This person already represents ${MAX_DELEGATIONS_PER_DELEGATE} people, the most allowed.`,
          );
        const row = await trx
          .insertInto('delegations')
          .values({ delegator_id: principal.citizenId, delegate_id: target.id })
          .returning(['id', 'created_at'])
          .executeTakeFirstOrThrow();
        await audit.record(
          {
            principal,
            action: 'create',
            resourceType: 'Delegation',
            resourceId: String(row.id),
            subjectCitizenId: principal.citizenId,
            purpose: 'delegation',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return {
          id: row.id,
          fiscalCode: target.fiscal_code,
          name: `${target.given_name} ${target.family_name}`,
          since: row.created_at.toISOString(),
        };
      });
    },

    /** Either party may end a delegation. */
    async revoke(principal: CitizenPrincipal, id: number, requestId: string): Promise<void> {
      const result = await db
        .updateTable('delegations as d')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where(liveDelegation('d'))
        .where((eb) =>
          eb.or([eb('delegator_id', '=', principal.citizenId), eb('delegate_id', '=', principal.citizenId)]),
        )
        .returning(['delegator_id'])
        .executeTakeFirst();
      if (result === undefined) throw notFound('delegation.not_found', 'There is no such active delegation of yours.');
      await audit.record({
        principal,
        action: 'delete',
        resourceType: 'Delegation',
        resourceId: String(id),
        subjectCitizenId: result.delegator_id,
        purpose: 'delegation',
        outcome: 'success',
        requestId,
      });
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

export type DelegationService = ReturnType<typeof delegationService>;
