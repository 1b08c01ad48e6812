import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CitizenPrincipal, OperatorPrincipal } from '../shared/principal.ts';
import { liveDelegation } from './delegations.ts';

export interface SessionPolicy {
  /** Minutes without a request after which the session ends (default 30). */
  readonly idleMinutes: number;
  /** Hours after login after which the session ends whatever happens (default 12). */
  readonly absoluteHours: number;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface ResolvedSession {
  readonly principal: CitizenPrincipal | OperatorPrincipal;
  readonly csrfToken: string;
  readonly idToken: string | null;
  /**
   * The person this session was switched to act for, when that delegation has since been
   * revoked or has expired. The principal then acts for nobody; the access hook refuses the
   * request until the delegate chooses again (see access.ts).
   */
  readonly endedActingFor: { readonly fiscalCode: string; readonly name: string } | null;
}

/**
 * Server-side sessions in PostgreSQL. The cookie holds a random 256-bit token; the
 * table holds only its SHA-256, so a copy of the table cannot be used to log in.
 */
export function sessionStore(db: Kysely<Database>, policy: SessionPolicy) {
  return {
    async create(who: { citizenId: number } | { operatorId: number }, idToken: string | null): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await db
        .insertInto('sessions')
        .values({
          token_hash: hashToken(token),
          citizen_id: 'citizenId' in who ? who.citizenId : null,
          operator_id: 'operatorId' in who ? who.operatorId : null,
          csrf_token: randomBytes(24).toString('base64url'),
          id_token: idToken,
          absolute_expires_at: new Date(Date.now() + policy.absoluteHours * 3_600_000),
        })
        .execute();
      return token;
    },

    /** The principal behind a cookie token, or null when unknown, idle too long or past its absolute end. */
    async resolve(token: string): Promise<ResolvedSession | null> {
      const tokenHash = hashToken(token);
      const row = await db
        .selectFrom('sessions as s')
        .leftJoin('citizens as c', 'c.id', 's.citizen_id')
        .leftJoin('citizens as a', 'a.id', 's.acting_for_citizen_id')
        .leftJoin('operators as o', 'o.id', 's.operator_id')
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
          sql<boolean>`s.last_seen_at < now() - make_interval(mins => ${policy.idleMinutes})`.as('idle'),
          sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
          sql<boolean>`s.absolute_expires_at <= now()`.as('expired'),
          // "Acting for" is only a choice the delegate made: the delegation itself is checked
          // here, on every request, in the same query (not only when switching).
          sql<boolean>`EXISTS (SELECT 1 FROM delegations d
            WHERE d.delegate_id = s.citizen_id AND d.delegator_id = s.acting_for_citizen_id AND ${liveDelegation('d')})`.as(
            'delegation_live',
          ),
        ])
        .where('s.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return null;
      if (row.idle || row.expired || (row.operator_id !== null && row.o_active !== true)) {
        await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
        return null;
      }
      // Touch at most once a minute: one write per active user per minute, not per request.
      if (row.stale)
        await db
          .updateTable('sessions')
          .set({ last_seen_at: sql`now()` })
          .where('token_hash', '=', tokenHash)
          .execute();
      const base = { csrfToken: row.csrf_token, idToken: row.id_token, endedActingFor: null };
      if (row.citizen_id !== null) {
        const actingFor =
          row.acting_for_citizen_id === null
            ? null
            : {
                citizenId: row.acting_for_citizen_id,
                fiscalCode: row.a_fiscal ?? '',
                name: `${row.a_given ?? ''} ${row.a_family ?? ''}`.trim(),
              };
        const live = actingFor !== null && row.delegation_live;
        return {
          ...base,
          endedActingFor:
            actingFor !== null && !live ? { fiscalCode: actingFor.fiscalCode, name: actingFor.name } : null,
          principal: {
            kind: 'citizen',
            citizenId: row.citizen_id,
            fiscalCode: row.c_fiscal ?? '',
            name: `${row.c_given ?? ''} ${row.c_family ?? ''}`.trim(),
            actingFor: live ? actingFor : null,
            sessionHash: tokenHash,
          },
        };
      }
      return {
        ...base,
        principal: {
          kind: 'operator',
          operatorId: row.operator_id ?? 0,
          role: row.o_role ?? 'region',
          name: `${row.o_given ?? ''} ${row.o_family ?? ''}`.trim(),
          fiscalCode: row.o_fiscal ?? '',
          facilityId: row.o_facility ?? null,
          provinceCode: row.o_province ?? null,
          sessionHash: tokenHash,
        },
      };
    },

    async setActingFor(sessionHash: string, citizenId: number | null): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ acting_for_citizen_id: citizenId })
        .where('token_hash', '=', sessionHash)
        .execute();
    },

    async destroy(sessionHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', sessionHash).execute();
    },

    async purgeExpired(): Promise<number> {
      const result = await db.deleteFrom('sessions').where('absolute_expires_at', '<=', new Date()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
