import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
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

export function accountStore(db: Kysely<Database>) {
  return {
    /** The username when the password matches, else null. Constant work either way. */
    async authenticate(username: string, password: string): Promise<string | null> {
      const row = await db
        .selectFrom('idp_credentials')
        .select(['username', 'password_hash'])
        .where('username', '=', username)
        .executeTakeFirst();
      // Verify against a dummy hash when the user is unknown, so timing reveals nothing.
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      return row !== undefined && ok ? row.username : null;
    },

    async claimsFor(username: string): Promise<SpidClaims | null> {
      const credential = await db
        .selectFrom('idp_credentials')
        .select('fiscal_code')
        .where('username', '=', username)
        .executeTakeFirst();
      if (credential === undefined) return null;
      const citizen = await db
        .selectFrom('citizens')
        .select(['given_name', 'family_name', 'birth_date', 'mobile_phone', 'email'])
        .where('fiscal_code', '=', credential.fiscal_code)
        .executeTakeFirst();
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
      const operator = await db
        .selectFrom('operators')
        .select(['given_name', 'family_name', 'email'])
        .where('fiscal_code', '=', credential.fiscal_code)
        .executeTakeFirst();
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
      await db
        .insertInto('idp_credentials')
        .values({ username, fiscal_code: fiscalCode, password_hash: hash })
        .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: hash, fiscal_code: fiscalCode }))
        .execute();
    },

    async usernames(): Promise<string[]> {
      const rows = await db.selectFrom('idp_credentials').select('username').orderBy('username').execute();
      return rows.map((r) => r.username);
    },
  };
}

export type AccountStore = ReturnType<typeof accountStore>;

const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
