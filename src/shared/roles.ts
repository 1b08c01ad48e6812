/** Who may call a route: a citizen, an operator's role, or a facility system (client credentials). */
export type Role = 'citizen' | 'gp' | 'pharmacist' | 'vaccinator' | 'region' | 'facility';

export const OPERATOR_ROLES = ['gp', 'pharmacist', 'vaccinator', 'region'] as const;
export const SESSION_ROLES: readonly Role[] = ['citizen', ...OPERATOR_ROLES];
