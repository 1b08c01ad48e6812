import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { publicAccess } from '../../http/policy.ts';
import type { TypedApp } from '../../http/types.ts';
import { isDomainError } from '../../shared/errors.ts';
import type { LoginGuard } from '../login-guard.ts';
import type { AccountStore } from './accounts.ts';
import { renderLoginPage } from './pages.ts';

export interface IdpRouteDeps {
  readonly provider: Provider;
  readonly accounts: AccountStore;
  readonly loginGuard: LoginGuard;
  /** Demo accounts and password, shown on the login page only in demo mode. */
  readonly demo: { readonly password: string; readonly accounts: readonly { username: string; who: string }[] } | null;
}

const LoginForm = Type.Object({ username: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 200 }) });

/**
 * Mounts the bundled provider at /idp: its own login pages here, everything else
 * handed to oidc-provider's handler untouched (it reads its own request bodies).
 */
export async function registerIdpRoutes(app: TypedApp, deps: IdpRouteDeps): Promise<void> {
  await app.register((pages, _options, done) => {
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    pages.get(
      '/idp/interaction/:uid',
      { config: { policy: publicAccess('the identity provider login page') }, schema: { hide: true } },
      async (request, reply) => showInteraction(deps, request, reply, null, ''),
    );
    pages.post(
      '/idp/interaction/:uid/login',
      {
        config: { policy: publicAccess('login form: failures slow down per account and address (login-guard.ts)') },
        schema: { hide: true, body: LoginForm },
      },
      async (request, reply) => {
        const { username, password } = request.body as { username: string; password: string };
        let accountId: string | null;
        try {
          accountId = await deps.loginGuard.attempt(username, request.ip, () =>
            deps.accounts.authenticate(username, password),
          );
        } catch (error) {
          if (!isDomainError(error) || error.retryAfterSeconds === undefined) throw error;
          reply.header('retry-after', String(error.retryAfterSeconds)).status(429);
          return showInteraction(
            deps,
            request,
            reply,
            `Troppi tentativi di accesso. Riprova tra ${error.retryAfterSeconds} secondi.`,
            username,
          );
        }
        if (accountId === null) {
          reply.status(401);
          return showInteraction(deps, request, reply, 'Nome utente o password non corretti.', username);
        }
        const redirectTo = await deps.provider.interactionResult(
          request.raw,
          reply.raw,
          { login: { accountId } },
          { mergeWithLastSubmission: false },
        );
        return reply.redirect(redirectTo, 303);
      },
    );
    done();
  });

  const handler = deps.provider.callback();
  await app.register((oidc, _options, done) => {
    // Leave request bodies unread: oidc-provider parses its own.
    oidc.removeAllContentTypeParsers();
    oidc.addContentTypeParser('*', (_request, _payload, done) => {
      done(null);
    });
    const forward = (request: FastifyRequest, reply: FastifyReply): void => {
      reply.hijack();
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').replace(/^\/idp/, '') || '/';
      void handler(raw, reply.raw);
    };
    const policy = publicAccess('OpenID Connect and OAuth2 endpoints of the bundled provider');
    oidc.all('/idp', { config: { policy }, schema: { hide: true } }, forward);
    oidc.all('/idp/*', { config: { policy }, schema: { hide: true } }, forward);
    done();
  });
}

async function showInteraction(
  deps: IdpRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  error: string | null,
  username: string,
): Promise<FastifyReply> {
  const details = await deps.provider.interactionDetails(request.raw, reply.raw);
  if (details.prompt.name !== 'login') {
    // Salus is a first-party client: consent is granted by loadExistingGrant; finish any other prompt.
    const redirectTo = await deps.provider.interactionResult(
      request.raw,
      reply.raw,
      {},
      { mergeWithLastSubmission: true },
    );
    return reply.redirect(redirectTo, 303);
  }
  const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : 'Salus';
  // The login_hint (the demo's "try as this person") fills the username until the form is sent.
  const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
  return reply.type('text/html; charset=utf-8').send(
    renderLoginPage({
      uid: details.uid,
      clientName: clientId === 'salus-web' ? 'Salus' : clientId,
      error,
      username: error === null && username === '' ? hint : username,
      demo: deps.demo,
    }),
  );
}
