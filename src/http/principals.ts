import { forbidden } from '../shared/errors.ts';
import type { CitizenPrincipal, FacilityPrincipal, OperatorPrincipal, Principal } from '../shared/principal.ts';

// The route guards every module's routes use (issue 18 found them written out in 6 files). The access plugin
// has already refused a missing session with 401 for protected routes; these narrow the principal to the kind
// the route serves and answer 403 `auth.role` otherwise.

export function requireCitizen(principal: Principal | null): CitizenPrincipal {
  if (principal?.kind !== 'citizen') throw forbidden('auth.role', 'Only citizens can do this.');
  return principal;
}

/** An operator, of `role` if given; `detail` replaces the default text of the 403. */
export function requireOperator(
  principal: Principal | null,
  role?: OperatorPrincipal['role'],
  detail?: string,
): OperatorPrincipal {
  if (principal?.kind !== 'operator' || (role !== undefined && principal.role !== role)) {
    throw forbidden(
      'auth.role',
      detail ?? (role === undefined ? 'Only operators can do this.' : `Only the ${role} role can do this.`),
    );
  }
  return principal;
}

export function requireFacility(principal: Principal | null): FacilityPrincipal {
  if (principal?.kind !== 'facility') throw forbidden('auth.role', 'Only facility systems can do this.');
  return principal;
}
