import type { TFunction } from 'i18next';
import { sessionRoles, type SessionRole } from '../api/identity.ts';

// A switch over literal keys, not a key built from the role name, so that the
// i18n completeness test and the typed t() can check every one.
export function roleLabel(t: TFunction, role: SessionRole): string {
  switch (role) {
    case 'citizen':
      return t('roles.citizen');
    case 'delegate':
      return t('roles.delegate');
    case 'gp':
      return t('roles.gp');
    case 'pharmacist':
      return t('roles.pharmacist');
    case 'vaccinator':
      return t('roles.vaccinator');
    case 'region':
      return t('roles.region');
    case 'facility':
      return t('roles.facility');
  }
}

/** The access log stores roles as plain strings: unknown ones are shown as they are. */
export function anyRoleLabel(t: TFunction, role: string): string {
  const known = sessionRoles.find((r) => r === role);
  return known === undefined ? role : roleLabel(t, known);
}
