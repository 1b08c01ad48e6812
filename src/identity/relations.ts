import type { CitizenAccess, Principal } from '../shared/principal.ts';
import type { DelegationService } from './delegations.ts';
import type { IdentityRepository } from './repository.ts';

/**
 * Who may see a citizen's data: the citizen, a delegate while the delegation is
 * active (checked on every request, not only when switching), and the GP whose list
 * the citizen is on. Pharmacists, vaccinators and the region have narrower paths of
 * their own (a presented prescription, the centre's appointments, aggregates).
 */
export function citizenAccess(repo: IdentityRepository, delegations: DelegationService): CitizenAccess {
  return {
    async canReadCitizen(principal: Principal, citizenId: number): Promise<boolean> {
      if (principal.kind === 'citizen') {
        if (principal.citizenId === citizenId) return true;
        return (
          principal.actingFor?.citizenId === citizenId && (await delegations.represents(principal.citizenId, citizenId))
        );
      }
      if (principal.kind === 'operator' && principal.role === 'gp') {
        return repo.isGpOf(principal.operatorId, citizenId);
      }
      return false;
    },
  };
}
