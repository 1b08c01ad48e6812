import type pg from 'pg';
import { idpRepository } from './repository.ts';

/**
 * The bundled provider's login sessions, seen from Salus. Logging out of Salus ends
 * the provider's session server-side as well, so that it does not depend on the
 * browser going through the provider's logout page (where an unanswered prompt left
 * the session alive, and the next login went through without a password).
 */
export function providerSessions(pool: pg.Pool) {
  const payloads = idpRepository(pool);
  return {
    /**
     * Ends the provider session that issued an ID token, found by its account (`sub`) and
     * login time (`auth_time`, which the web client asks for: require_auth_time), with the
     * grants it holds and the tokens issued under them, as the provider's own logout does.
     */
    async end(accountId: string, authTime: number): Promise<void> {
      await payloads.endSession(accountId, String(authTime));
    },
  };
}

export type ProviderSessions = ReturnType<typeof providerSessions>;
