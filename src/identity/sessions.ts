import { createHash, randomBytes } from 'node:crypto';
import type { CitizenPrincipal, OperatorPrincipal } from '../shared/principal.ts';
import type { IdentityRepository } from './repository.ts';

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
export function sessionStore(repo: IdentityRepository, policy: SessionPolicy) {
  return {
    async create(who: { citizenId: number } | { operatorId: number }, idToken: string | null): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await repo.insertSession({
        tokenHash: hashToken(token),
        citizenId: 'citizenId' in who ? who.citizenId : null,
        operatorId: 'operatorId' in who ? who.operatorId : null,
        csrfToken: randomBytes(24).toString('base64url'),
        idToken,
        absoluteExpiresAt: new Date(Date.now() + policy.absoluteHours * 3_600_000),
      });
      return token;
    },

    /** The principal behind a cookie token, or null when unknown, idle too long or past its absolute end. */
    async resolve(token: string): Promise<ResolvedSession | null> {
      const tokenHash = hashToken(token);
      const row = await repo.sessionByHash(tokenHash, policy.idleMinutes);
      if (row === undefined) return null;
      if (row.idle || row.expired || (row.operator_id !== null && row.o_active !== true)) {
        await repo.deleteSession(tokenHash);
        return null;
      }
      // Touch at most once a minute: one write per active user per minute, not per request.
      if (row.stale) await repo.touchSession(tokenHash);
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
      await repo.setActingFor(sessionHash, citizenId);
    },

    async destroy(sessionHash: string): Promise<void> {
      await repo.deleteSession(sessionHash);
    },

    purgeExpired: (): Promise<number> => repo.deleteExpiredSessions(),
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
