import type { FastifyRequest } from 'fastify';
import { withDbRetry } from '../db/retry.ts';
import type { TypedApp } from '../http/types.ts';
import { forbidden, unauthenticated } from '../shared/errors.ts';
import type { BearerVerifier } from './bearer.ts';
import { roleOf, type Principal } from '../shared/principal.ts';
import type { SessionStore } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null when nobody is logged in. */
    principal: Principal | null;
    /** The session's CSRF token (for /api/me), null without a session. */
    csrfToken: string | null;
  }
}

export const SESSION_COOKIE = 'salus_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    if (request.principal.kind !== 'facility' && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
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
  return null;
}
