import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CitizenAccess, Principal } from '../shared/principal.ts';
import type { DelegationService } from './delegations.ts';

/**
 * Who may see a citizen's data: the citizen, a delegate while the delegation is
 * active (checked on every request, not only when switching), and the GP whose list
 * the citizen is on. Pharmacists, vaccinators and the region have narrower paths of
 * their own (a presented prescription, the centre's appointments, aggregates).
 */
export function citizenAccess(db: Kysely<Database>, delegations: DelegationService): CitizenAccess {
  return {
    async canReadCitizen(principal: Principal, citizenId: number): Promise<boolean> {
      if (principal.kind === 'citizen') {
        if (principal.citizenId === citizenId) return true;
        return (
          principal.actingFor?.citizenId === citizenId && (await delegations.represents(principal.citizenId, citizenId))
        );
      }
      if (principal.kind === 'operator' && principal.role === 'gp') {
        const row = await db
          .selectFrom('citizens')
          .select('id')
          .where('id', '=', citizenId)
          .where('gp_id', '=', principal.operatorId)
          .executeTakeFirst();
        return row !== undefined;
      }
      return false;
    },
  };
}
