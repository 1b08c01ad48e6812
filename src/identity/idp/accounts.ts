import type { IdentityRepository } from '../repository.ts';
import { hashPassword, verifyPassword } from '../secrets.ts';

/**
 * The bundled provider's user store: credentials in `idp_credentials`, attributes
 * from the registry. Claims follow SPID's attribute names, so the relying party
 * code is the same against the real SPID/CIE federation.
 */
export interface SpidClaims {
  readonly fiscal_number: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly birthdate?: string;
  readonly mobile_phone?: string;
  readonly email?: string;
}

export function accountStore(repo: IdentityRepository) {
  return {
    /** The username when the password matches, else null. Constant work either way. */
    async authenticate(username: string, password: string): Promise<string | null> {
      const row = await repo.credential(username);
      // Verify against a dummy hash when the user is unknown, so timing reveals nothing.
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      return row !== undefined && ok ? row.username : null;
    },

    async claimsFor(username: string): Promise<SpidClaims | null> {
      const credential = await repo.credential(username);
      if (credential === undefined) return null;
      const citizen = await repo.citizenClaims(credential.fiscal_code);
      if (citizen !== undefined) {
        return {
          fiscal_number: `TINIT-${credential.fiscal_code}`,
          given_name: citizen.given_name,
          family_name: citizen.family_name,
          birthdate: citizen.birth_date,
          ...(citizen.mobile_phone === null ? {} : { mobile_phone: citizen.mobile_phone }),
          ...(citizen.email === null ? {} : { email: citizen.email }),
        };
      }
      const operator = await repo.operatorClaims(credential.fiscal_code);
      if (operator === undefined) return null;
      return {
        fiscal_number: `TINIT-${credential.fiscal_code}`,
        given_name: operator.given_name,
        family_name: operator.family_name,
        ...(operator.email === null ? {} : { email: operator.email }),
      };
    },

    async setPassword(username: string, fiscalCode: string, password: string): Promise<void> {
      const hash = await hashPassword(password);
      await repo.setCredential(username, fiscalCode, hash);
    },

    usernames: (): Promise<string[]> => repo.usernames(),
  };
}

export type AccountStore = ReturnType<typeof accountStore>;

const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
