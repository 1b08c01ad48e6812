import { forbidden, validationError } from '../shared/errors.ts';
import type { AuditLog } from './audit.ts';
import type { CitizenPrincipal, OperatorPrincipal } from '../shared/principal.ts';
import type { IdentityRepository } from './repository.ts';
import type { RelyingParty } from './rp/oidc-client.ts';
import type { SessionStore } from './sessions.ts';

export type LoginPreference = 'citizen' | 'operator';

/** Only same-site paths: "/x" but never "//evil.example" or "https://…" (no open redirect). */
export function safeReturnPath(value: string | undefined): string {
  return value !== undefined && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/';
}

export interface LoginDeps {
  readonly repo: IdentityRepository;
  readonly rp: RelyingParty;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  /** Ends the identity provider's own session for this ID token (the bundled provider only). */
  readonly endProviderSession?: (idToken: string) => Promise<void>;
}

export function loginService(deps: LoginDeps) {
  return {
    async start(prefer: LoginPreference, returnTo: string | undefined, loginHint?: string): Promise<string> {
      const login = await deps.rp.start(loginHint);
      await deps.repo.startTransaction({
        state: login.state,
        codeVerifier: login.codeVerifier,
        nonce: login.nonce,
        returnTo: safeReturnPath(returnTo),
        prefer,
      });
      return login.url;
    },

    /** Completes the code flow; the transaction is single-use (deleted as it is read). */
    async finish(callbackUrl: URL, requestId: string): Promise<{ sessionToken: string; returnTo: string }> {
      const state = callbackUrl.searchParams.get('state') ?? '';
      const tx = await deps.repo.takeTransaction(state);
      if (tx === undefined)
        throw validationError(
          'auth.login_expired',
          'This login link has expired or was already used. Please log in again.',
        );
      const { idToken, claims } = await deps.rp.finish(callbackUrl, {
        state: tx.state,
        nonce: tx.nonce,
        codeVerifier: tx.code_verifier,
      });
      const fiscalNumber = typeof claims.fiscal_number === 'string' ? claims.fiscal_number : '';
      const fiscalCode = fiscalNumber.replace(/^TINIT-/, '').toUpperCase();
      const who = await findPerson(deps.repo, fiscalCode, tx.prefer);
      if (who === null) {
        await deps.audit.record({
          principal: null,
          action: 'login',
          resourceType: 'Session',
          subjectCitizenId: null,
          purpose: 'login',
          outcome: 'denied',
          requestId,
        });
        throw forbidden(
          'auth.unknown_person',
          'Your identity was confirmed, but you are not registered in Salus for this kind of access.',
        );
      }
      const sessionToken = await deps.sessions.create(
        who.kind === 'citizen' ? { citizenId: who.id } : { operatorId: who.id },
        idToken,
      );
      const principal = await deps.sessions.resolve(sessionToken);
      await deps.audit.record({
        principal: principal?.principal ?? null,
        action: 'login',
        resourceType: 'Session',
        subjectCitizenId: who.kind === 'citizen' ? who.id : null,
        purpose: 'login',
        outcome: 'success',
        requestId,
      });
      return { sessionToken, returnTo: tx.return_to };
    },

    async logout(
      principal: CitizenPrincipal | OperatorPrincipal,
      idToken: string | null,
      requestId: string,
    ): Promise<string> {
      await deps.sessions.destroy(principal.sessionHash);
      if (idToken !== null) await deps.endProviderSession?.(idToken);
      await deps.audit.record({
        principal,
        action: 'logout',
        resourceType: 'Session',
        subjectCitizenId: principal.kind === 'citizen' ? principal.citizenId : null,
        purpose: 'logout',
        outcome: 'success',
        requestId,
      });
      return deps.rp.logoutUrl(idToken);
    },
  };
}

/** Role and organisation come from the registry, never from the token. */
async function findPerson(
  repo: IdentityRepository,
  fiscalCode: string,
  prefer: LoginPreference,
): Promise<{ kind: 'citizen' | 'operator'; id: number } | null> {
  const operator = await repo.activeOperatorId(fiscalCode);
  const citizen = await repo.citizenId(fiscalCode);
  if (prefer === 'operator' && operator !== null) return { kind: 'operator', id: operator };
  if (citizen !== null) return { kind: 'citizen', id: citizen };
  return operator === null ? null : { kind: 'operator', id: operator };
}

export type LoginService = ReturnType<typeof loginService>;
