import type { FastifyRequest } from 'fastify';
import { withDbRetry } from '../db/retry.ts';
import type { TypedApp } from '../http/types.ts';
import { forbidden, unauthenticated } from '../shared/errors.ts';
import type { BearerVerifier } from './bearer.ts';
import { roleOf, type Principal } from '../shared/principal.ts';
import type { ResolvedSession, SessionStore } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null when nobody is logged in. */
    principal: Principal | null;
    /** The session's CSRF token (for /api/me), null without a session. */
    csrfToken: string | null;
    /** Whom the session still names as "acting for" though that delegation has ended (see sessions.ts). */
    endedActingFor: ResolvedSession['endedActingFor'];
  }
}

export const SESSION_COOKIE = 'salus_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * What a delegate whose delegation ended may still do: choose whom to act for (themselves
 * again) and log out. Everything else is refused rather than quietly done on their own data:
 * a page still showing the delegator would otherwise, say, withdraw the delegate's consent.
 */
const AFTER_DELEGATION_ENDED = new Set(['POST /api/me/acting-for', 'POST /auth/logout']);

export interface AccessDeps {
  readonly sessions: SessionStore;
  readonly verifyBearer: BearerVerifier;
}

/**
 * Resolves the caller once per request and enforces the route's declared policy
 * before the body is validated: 401 without a login, 403 for another role, 403 for
 * a state-changing cookie request without the session's CSRF token.
 */
export function registerAccessControl(app: TypedApp, deps: AccessDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('endedActingFor', null);
  app.addHook('preValidation', async (request) => {
    // The provider's own endpoints (userinfo, token…) interpret their own credentials.
    if (request.url.startsWith('/idp')) return;
    const policy = request.routeOptions.config.policy;
    const failure = await resolvePrincipal(request, deps);
    if (policy === undefined || policy.access === 'public') return;
    if (request.principal === null) throw failure ?? unauthenticated();
    const role = roleOf(request.principal);
    if (!policy.roles.includes(role)) {
      throw forbidden('auth.role', `This is not available to the ${role} role.`);
    }
    const ended = request.endedActingFor;
    if (ended !== null && !AFTER_DELEGATION_ENDED.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      throw forbidden(
        'delegation.ended',
        `You can no longer act for ${ended.name}: the delegation was revoked or has expired. ` +
          'Choose yourself in the account menu to go on.',
      );
    }
    if (
      request.principal.kind !== 'facility' &&
      !SAFE_METHODS.has(request.method) &&
      request.headers[CSRF_HEADER] !== request.csrfToken
    ) {
      throw forbidden('auth.csrf', `Missing or wrong ${CSRF_HEADER} header: reload the page and try again.`);
    }
  });
}

async function resolvePrincipal(request: FastifyRequest, deps: AccessDeps): Promise<Error | null> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ') === true) {
    try {
      request.principal = await deps.verifyBearer(authorization.slice('Bearer '.length).trim());
      return null;
    } catch (error) {
      return error as Error;
    }
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || token === '') return null;
  // Idempotent read (plus a last-seen touch): ride out a switchover's ~1.5 s of errors instead of a 503.
  const session = await withDbRetry(() => deps.sessions.resolve(token), { idempotent: true, budgetMs: 3_000 });
  if (session === null) return unauthenticated('Your session has ended. Please log in again.');
  request.principal = session.principal;
  request.csrfToken = session.csrfToken;
  request.endedActingFor = session.endedActingFor;
  return null;
}
