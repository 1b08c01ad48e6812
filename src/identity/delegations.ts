import { ownTables, type Db } from '../db/tables.ts';
import { conflict, forbidden, notFound, validationError } from '../shared/errors.ts';
import type { AuditLog } from './audit.ts';
import type { CitizenPrincipal } from '../shared/principal.ts';
import type { IdentityDb } from './db-types.ts';
import { delegationsRepository } from './delegations-repository.ts';

// The one definition of a live delegation is SQL: it lives with the delegations' SQL, and stays importable here.
export { liveDelegation } from './delegations-repository.ts';

/** Lombardy's rules: a citizen names at most 3 delegates; a person holds at most 5 delegations. */
export const MAX_DELEGATES_PER_CITIZEN = 3;
export const MAX_DELEGATIONS_PER_DELEGATE = 5;

export interface DelegationView {
  readonly id: number;
  readonly fiscalCode: string;
  readonly name: string;
  readonly since: string;
}

export function delegationService<All extends IdentityDb>(handle: Db<All>, audit: AuditLog) {
  const repo = delegationsRepository(ownTables<IdentityDb, All>(handle));
  const list = async (
    column: 'delegator_id' | 'delegate_id',
    other: 'delegator_id' | 'delegate_id',
    citizenId: number,
  ): Promise<DelegationView[]> => {
    const rows = await repo.live(column, other, citizenId);
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
     * limits are checked with both citizens locked, so two concurrent requests
     * cannot together exceed them.
     */
    async add(
      principal: CitizenPrincipal,
      delegate: { fiscalCode: string; healthCardNumber: string },
      requestId: string,
    ): Promise<DelegationView> {
      if (principal.actingFor !== null)
        throw forbidden(
          'delegation.as_delegate',
          'A delegate cannot name further delegates ' + 'on someone else’s behalf.',
        );
      return repo.transaction(async (trx) => {
        const tx = delegationsRepository(trx);
        const target = await tx.citizenByCards(delegate.fiscalCode, delegate.healthCardNumber);
        if (target === undefined)
          throw notFound(
            'delegation.person_not_found',
            'No citizen matches this codice fiscale and health card number.',
          );
        if (target.id === principal.citizenId)
          throw validationError('delegation.self', 'You cannot name yourself as your delegate.');
        await tx.lockCitizens([principal.citizenId, target.id]);
        await tx.closeExpired(principal.citizenId, target.id);
        const c = await tx.counts(principal.citizenId, target.id);
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
        const row = await tx.insert(principal.citizenId, target.id);
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
      const result = await repo.revoke(id, principal.citizenId);
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

    delegatorIdOf: (delegationId: number): Promise<number> => repo.delegatorIdOf(delegationId),

    represents: (delegateId: number, delegatorId: number): Promise<boolean> => repo.represents(delegateId, delegatorId),
  };
}

export type DelegationService = ReturnType<typeof delegationService>;
