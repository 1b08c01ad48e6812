import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getJson, ignoreBody, send, toApiError, type ApiError } from '../api/client.ts';
import { logoutAnswer, me as meDecoder, type Me } from '../api/identity.ts';

export type SessionState = { status: 'loading' } | { status: 'ok'; me: Me } | { status: 'error'; error: ApiError };

export interface Session {
  state: SessionState;
  /** Who is logged in; null while loading, when nobody is, or when /api/me failed. */
  me: Me | null;
  /** Re-reads /api/me, keeping the current answer on screen meanwhile. */
  reload: () => Promise<void>;
  /** Switches to acting for someone who delegated to me (null: myself again). */
  actFor: (fiscalCode: string | null) => Promise<void>;
  /** Ends the session here, then sends the browser to the provider to end it there too. */
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Loads /api/me once for the whole app. Pages and the header read it from here,
 * so they agree on who is logged in, and a switch of "acting for" reaches all
 * of them at once.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      setState({ status: 'ok', me: await getJson('/api/me', meDecoder) });
    } catch (error) {
      setState({ status: 'error', error: toApiError(error) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const me = state.status === 'ok' && state.me.authenticated ? state.me : null;
  const csrfToken = me?.csrfToken ?? null;

  const actFor = useCallback(
    async (fiscalCode: string | null) => {
      await send('POST', '/api/me/acting-for', { csrfToken, body: { fiscalCode }, decoder: ignoreBody });
      await reload();
    },
    [csrfToken, reload],
  );

  const logout = useCallback(async () => {
    try {
      const answer = await send('POST', '/auth/logout', { csrfToken, decoder: logoutAnswer });
      // A full navigation: the provider shows its own "do you want to log out?" page.
      window.location.assign(answer?.redirectTo ?? '/');
    } catch (error) {
      // The session had already ended (expired, or logged out in another tab):
      // the person is logged out either way, so show that.
      if (toApiError(error).status === 401) await reload();
      else throw error;
    }
  }, [csrfToken, reload]);

  const value = useMemo<Session>(() => ({ state, me, reload, actFor, logout }), [state, me, reload, actFor, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession() needs a <SessionProvider> above it');
  return session;
}

/** The CSRF token for state-changing requests of the logged-in person. */
export function useCsrfToken(): string | null {
  return useSession().me?.csrfToken ?? null;
}
