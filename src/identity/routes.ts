import type { FastifyReply } from 'fastify';
import { publicAccess, rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { requireCitizen as asCitizen } from '../http/principals.ts';
import { parseFiscalCode, parseHealthCardNumber } from '../shared/identifiers.ts';
import { SESSION_ROLES } from '../shared/roles.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './access.ts';
import type { AuditLog } from './audit.ts';
import type { DelegationService } from './delegations.ts';
import type { LoginService } from './login.ts';
import { subjectCitizenId } from '../shared/principal.ts';
import {
  AccessLog,
  ActingForBody,
  CallbackQuery,
  Delegation,
  Delegations,
  IdParam,
  LoginQuery,
  Me,
  NewDelegation,
  Paging,
} from './schemas.ts';
import type { SessionStore } from './sessions.ts';
import { forbidden } from '../shared/errors.ts';

export interface IdentityRouteDeps {
  readonly login: LoginService;
  readonly sessions: SessionStore;
  readonly delegations: DelegationService;
  readonly audit: AuditLog;
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  readonly sessionHours: number;
}

/** The route policy admits citizens only; this narrows the type and guards against a wrong policy. */
export function registerIdentityRoutes(app: TypedApp, deps: IdentityRouteDeps): void {
  const setSession = (reply: FastifyReply, token: string | null): void => {
    void reply.setCookie(SESSION_COOKIE, token ?? '', {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      maxAge: token === null ? 0 : deps.sessionHours * 3600,
    });
  };

  app.get(
    '/auth/login',
    {
      config: { policy: publicAccess('starts an OpenID Connect login') },
      schema: { tags: ['identity'], querystring: LoginQuery },
    },
    async (request, reply) =>
      reply.redirect(await deps.login.start(request.query.as, request.query.returnTo, request.query.loginHint), 302),
  );

  app.get(
    '/auth/callback',
    {
      config: { policy: publicAccess('OpenID Connect redirect target; state, nonce and PKCE are checked') },
      schema: { tags: ['identity'], querystring: CallbackQuery },
    },
    async (request, reply) => {
      const { sessionToken, returnTo } = await deps.login.finish(new URL(request.url, deps.publicUrl), request.id);
      setSession(reply, sessionToken);
      return reply.redirect(returnTo, 302);
    },
  );

  app.post(
    '/auth/logout',
    { config: { policy: rolesAccess(...SESSION_ROLES) }, schema: { tags: ['identity'] } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === null || principal.kind === 'facility')
        throw forbidden('auth.no_session', 'There is no session to end.');
      const session = await deps.sessions.resolve(request.cookies[SESSION_COOKIE] ?? '');
      const redirectTo = await deps.login.logout(principal, session?.idToken ?? null, request.id);
      setSession(reply, null);
      return { redirectTo };
    },
  );

  app.get(
    '/api/me',
    {
      config: { policy: publicAccess('tells the caller whether they are logged in, and as whom') },
      schema: { tags: ['identity'], response: { 200: Me } },
    },
    async (request) => {
      const p = request.principal;
      if (p === null)
        return {
          authenticated: false,
          csrfToken: null,
          kind: null,
          role: null,
          name: null,
          fiscalCode: null,
          actingFor: null,
          actingForEnded: false,
          canActFor: [],
        };
      if (p.kind === 'facility')
        return {
          authenticated: true,
          csrfToken: null,
          kind: 'facility' as const,
          role: 'facility',
          name: p.clientId,
          fiscalCode: null,
          actingFor: null,
          actingForEnded: false,
          canActFor: [],
        };
      const canActFor =
        p.kind === 'citizen'
          ? (await deps.delegations.mine(p)).representing.map((d) => ({ fiscalCode: d.fiscalCode, name: d.name }))
          : [];
      return {
        authenticated: true,
        csrfToken: request.csrfToken,
        kind: p.kind,
        role: p.kind === 'citizen' ? (p.actingFor === null ? 'citizen' : 'delegate') : p.role,
        name: p.name,
        fiscalCode: p.fiscalCode,
        // An ended delegation is still shown, flagged, so that the page can offer to switch away from it.
        actingFor:
          p.kind === 'citizen' && p.actingFor !== null
            ? { fiscalCode: p.actingFor.fiscalCode, name: p.actingFor.name }
            : request.endedActingFor,
        actingForEnded: request.endedActingFor !== null,
        canActFor,
      };
    },
  );

  app.post(
    '/api/me/acting-for',
    { config: { policy: rolesAccess('citizen') }, schema: { tags: ['identity'], body: ActingForBody } },
    async (request, reply) => {
      const principal = asCitizen(request.principal);
      if (request.body.fiscalCode === null) {
        await deps.sessions.setActingFor(principal.sessionHash, null);
        return reply.status(204).send();
      }
      const target = parseFiscalCode(request.body.fiscalCode);
      const held = (await deps.delegations.mine(principal)).representing.find((d) => d.fiscalCode === target);
      if (held === undefined) throw forbidden('delegation.not_delegate', 'You are not a delegate of this person.');
      const delegatorId = await deps.delegations.delegatorIdOf(held.id);
      await deps.sessions.setActingFor(principal.sessionHash, delegatorId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/delegations',
    { config: { policy: rolesAccess('citizen') }, schema: { tags: ['identity'], response: { 200: Delegations } } },
    (request) => deps.delegations.mine(asCitizen(request.principal)),
  );

  app.post(
    '/api/me/delegations',
    {
      config: { policy: rolesAccess('citizen') },
      schema: { tags: ['identity'], body: NewDelegation, response: { 201: Delegation } },
    },
    async (request, reply) => {
      const created = await deps.delegations.add(
        asCitizen(request.principal),
        {
          fiscalCode: parseFiscalCode(request.body.fiscalCode, '/fiscalCode'),
          healthCardNumber: parseHealthCardNumber(request.body.healthCardNumber, '/healthCardNumber'),
        },
        request.id,
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/me/delegations/:id',
    { config: { policy: rolesAccess('citizen') }, schema: { tags: ['identity'], params: IdParam } },
    async (request, reply) => {
      await deps.delegations.revoke(asCitizen(request.principal), request.params.id, request.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/access-log',
    {
      config: { policy: rolesAccess('citizen') },
      schema: { tags: ['identity'], querystring: Paging, response: { 200: AccessLog } },
    },
    (request) =>
      deps.audit.accessesTo(subjectCitizenId(asCitizen(request.principal)), request.query.limit, request.query.offset),
  );
}

export { CSRF_HEADER };
