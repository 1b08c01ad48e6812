import { sql } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { IdentityDb } from './db-types.ts';
import { liveDelegation } from './delegations-repository.ts';

// A person takes at most this long at the provider's login page.
const TRANSACTION_MINUTES = 15;

/**
 * The SQL of the identity module on its own tables (sessions, login transactions, credentials, facility clients)
 * and on the registry's published views of the people who log in (migrations/0028_published_views.sql). The
 * delegations' SQL is in delegations-repository.ts, the access log's in audit.ts.
 */
export function identityRepository<All extends IdentityDb>(handle: Db<All>) {
  const db = ownTables<IdentityDb, All>(handle);
  return {
    async insertSession(row: {
      tokenHash: string;
      citizenId: number | null;
      operatorId: number | null;
      csrfToken: string;
      idToken: string | null;
      absoluteExpiresAt: Date;
    }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          token_hash: row.tokenHash,
          citizen_id: row.citizenId,
          operator_id: row.operatorId,
          csrf_token: row.csrfToken,
          id_token: row.idToken,
          absolute_expires_at: row.absoluteExpiresAt,
        })
        .execute();
    },

    /** A session with the names of who it belongs to, and whether it is idle, stale (to touch) or expired. */
    sessionByHash(tokenHash: string, idleMinutes: number) {
      return db
        .selectFrom('sessions as s')
        .leftJoin('registry_citizens as c', 'c.id', 's.citizen_id')
        .leftJoin('registry_citizens as a', 'a.id', 's.acting_for_citizen_id')
        .leftJoin('registry_operators as o', 'o.id', 's.operator_id')
        .select([
          's.citizen_id',
          's.operator_id',
          's.csrf_token',
          's.id_token',
          's.acting_for_citizen_id',
          'c.fiscal_code as c_fiscal',
          'c.given_name as c_given',
          'c.family_name as c_family',
          'a.fiscal_code as a_fiscal',
          'a.given_name as a_given',
          'a.family_name as a_family',
          'o.role as o_role',
          'o.given_name as o_given',
          'o.family_name as o_family',
          'o.fiscal_code as o_fiscal',
          'o.facility_id as o_facility',
          'o.province_code as o_province',
          'o.active as o_active',
          sql<boolean>`s.last_seen_at < now() - make_interval(mins => ${idleMinutes})`.as('idle'),
          sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
          sql<boolean>`s.absolute_expires_at <= now()`.as('expired'),
          // "Acting for" is only a choice the delegate made: the delegation itself is checked
          // here, on every request, in the same query (not only when switching).
          sql<boolean>`EXISTS (SELECT 1 FROM delegations d
            WHERE d.delegate_id = s.citizen_id AND d.delegator_id = s.acting_for_citizen_id
              AND ${liveDelegation('d')})`.as('delegation_live'),
        ])
        .where('s.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    async touchSession(tokenHash: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()` })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async setActingFor(tokenHash: string, citizenId: number | null): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ acting_for_citizen_id: citizenId })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },

    async deleteExpiredSessions(): Promise<number> {
      const result = await db.deleteFrom('sessions').where('absolute_expires_at', '<=', new Date()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Stores a login in progress, dropping those older than 15 minutes. */
    async startTransaction(row: {
      state: string;
      codeVerifier: string;
      nonce: string;
      returnTo: string;
      prefer: 'citizen' | 'operator';
    }): Promise<void> {
      await db
        .deleteFrom('auth_transactions')
        .where('created_at', '<', sql<Date>`now() - make_interval(mins => ${TRANSACTION_MINUTES})`)
        .execute();
      await db
        .insertInto('auth_transactions')
        .values({
          state: row.state,
          code_verifier: row.codeVerifier,
          nonce: row.nonce,
          return_to: row.returnTo,
          prefer: row.prefer,
        })
        .execute();
    },

    /** The login in progress under `state`, deleted as it is read (single use); none after 15 minutes. */
    takeTransaction(state: string) {
      return db
        .deleteFrom('auth_transactions')
        .where('state', '=', state)
        .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${TRANSACTION_MINUTES})`)
        .returningAll()
        .executeTakeFirst();
    },

    async activeOperatorId(fiscalCode: string): Promise<number | null> {
      const row = await db
        .selectFrom('registry_operators')
        .select('id')
        .where('fiscal_code', '=', fiscalCode)
        .where('active', '=', true)
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async citizenId(fiscalCode: string): Promise<number | null> {
      const row = await db
        .selectFrom('registry_citizens')
        .select('id')
        .where('fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async isGpOf(gpOperatorId: number, citizenId: number): Promise<boolean> {
      const row = await db
        .selectFrom('registry_citizens')
        .select('id')
        .where('id', '=', citizenId)
        .where('gp_id', '=', gpOperatorId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async facilityOfClient(clientId: string): Promise<number | null> {
      const row = await db
        .selectFrom('facility_clients')
        .select(['facility_id'])
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row?.facility_id ?? null;
    },

    /** The client of a facility (by its code), created with `secret` unless it exists; null: no such facility. */
    async ensureFacilityClient(
      facilityCode: string,
      clientId: string,
      secret: string,
      scopes: string[],
    ): Promise<string | null> {
      const facility = await db
        .selectFrom('registry_facilities')
        .select('id')
        .where('code', '=', facilityCode)
        .executeTakeFirst();
      if (facility === undefined) return null;
      await db
        .insertInto('facility_clients')
        .values({ client_id: clientId, client_secret: secret, facility_id: facility.id, scopes })
        .onConflict((oc) => oc.column('client_id').doNothing())
        .execute();
      const row = await db
        .selectFrom('facility_clients')
        .select('client_secret')
        .where('client_id', '=', clientId)
        .executeTakeFirstOrThrow();
      return row.client_secret;
    },

    credential(username: string) {
      return db
        .selectFrom('idp_credentials')
        .select(['username', 'password_hash', 'fiscal_code'])
        .where('username', '=', username)
        .executeTakeFirst();
    },

    citizenClaims(fiscalCode: string) {
      return db
        .selectFrom('registry_citizens')
        .select(['given_name', 'family_name', 'birth_date', 'mobile_phone', 'email'])
        .where('fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
    },

    operatorClaims(fiscalCode: string) {
      return db
        .selectFrom('registry_operators')
        .select(['given_name', 'family_name', 'email'])
        .where('fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
    },

    async setCredential(username: string, fiscalCode: string, passwordHash: string): Promise<void> {
      await db
        .insertInto('idp_credentials')
        .values({ username, fiscal_code: fiscalCode, password_hash: passwordHash })
        .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: passwordHash, fiscal_code: fiscalCode }))
        .execute();
    },

    async usernames(): Promise<string[]> {
      const rows = await db.selectFrom('idp_credentials').select('username').orderBy('username').execute();
      return rows.map((r) => r.username);
    },
  };
}

export type IdentityRepository = ReturnType<typeof identityRepository>;
