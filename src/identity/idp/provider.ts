import Provider, { errors, type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type pg from 'pg';
import type { IdentitySecrets } from '../secrets.ts';
import type { AccountStore } from './accounts.ts';
import { postgresAdapterFactory } from './adapter.ts';
import { renderIdpError, renderLogoutPrompt } from './pages.ts';

export interface IdpOptions {
  /** e.g. http://localhost:3000/idp */
  readonly issuer: string;
  /** Where Salus itself is served, for the web client's redirect URIs. */
  readonly publicUrl: string;
  readonly webClientId: string;
  readonly secrets: IdentitySecrets;
  readonly accounts: AccountStore;
  readonly pool: pg.Pool;
  /** The API's resource indicator: access tokens for it are JWTs the API verifies with jose. */
  readonly apiAudience: string;
  readonly secureCookies: boolean;
  /** A reverse proxy is configured (TRUST_PROXY): believe X-Forwarded-*; the app drops them from other peers. */
  readonly behindProxy: boolean;
}

// SPID's attribute set, grouped by the scopes that release them.
const CLAIMS = {
  openid: ['sub'],
  profile: ['given_name', 'family_name', 'birthdate'],
  email: ['email'],
  phone: ['mobile_phone'],
  fiscal_number: ['fiscal_number'],
};

/**
 * The bundled OpenID provider standing in for SPID/CIE in development and tests.
 * Salus talks to it as an ordinary relying party, so pointing OIDC_ISSUER at another
 * provider needs no code change.
 */
export function createIdentityProvider(options: IdpOptions): Provider {
  const adapterFor = postgresAdapterFactory(options.pool);
  const configuration: Configuration = {
    adapter: (model: string) =>
      model === 'Client' ? facilityClientAdapter(options.pool, adapterFor(model)) : adapterFor(model),
    clients: [
      {
        client_id: options.webClientId,
        client_secret: options.secrets.webClientSecret,
        redirect_uris: [`${options.publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${options.publicUrl}/`],
        // auth_time in the ID token names the provider session that Salus's logout ends (sessions.ts).
        require_auth_time: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: async (_ctx, sub) => {
      const claims = await options.accounts.claimsFor(sub);
      if (claims === null) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...claims }) };
    },
    claims: CLAIMS,
    // OpenID scopes for people; fse:* for facility systems' access tokens to the API.
    scopes: [...Object.keys(CLAIMS), 'fse:read', 'fse:write'],
    // SPID puts the attributes in the ID token itself.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogoutPrompt },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.apiAudience,
        useGrantedResource: () => false,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.apiAudience) throw new errors.InvalidTarget();
          return {
            scope: 'fse:write fse:read',
            audience: options.apiAudience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/idp/interaction/${interaction.uid}` },
    // First-party client: Salus does not ask the citizen to consent to itself.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (accountId === undefined || client === undefined) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
      if (existing !== undefined) {
        const found = await ctx.oidc.provider.Grant.find(existing);
        if (found !== undefined) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(Object.keys(CLAIMS).join(' '));
      await grant.save();
      return grant;
    },
    cookies: {
      keys: options.secrets.cookieKeys,
      long: { signed: true, secure: options.secureCookies, sameSite: 'lax' },
      short: { signed: true, secure: options.secureCookies, sameSite: 'lax' },
    },
    jwks: options.secrets.jwks,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 900,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      ClientCredentials: 600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderIdpError(out.error_description);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  // Behind a proxy the public scheme and host come from X-Forwarded-* headers. Koa believes
  // them from any peer, so only with TRUST_PROXY set; src/http/proxy.ts strips them from others.
  provider.proxy = options.behindProxy;
  return provider;
}

/** Facility systems are clients registered in `facility_clients`, looked up on demand. */
function facilityClientAdapter(pool: pg.Pool, fallback: ReturnType<ReturnType<typeof postgresAdapterFactory>>) {
  return {
    ...fallback,
    async find(id: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<{ client_id: string; client_secret: string; scopes: string[] }>(
        'SELECT client_id, client_secret, scopes FROM facility_clients WHERE client_id = $1',
        [id],
      );
      const row = rows[0];
      if (row === undefined) return (await fallback.find(id)) ?? undefined;
      return {
        client_id: row.client_id,
        client_secret: row.client_secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic' as const,
        scope: row.scopes.join(' '),
      };
    },
  };
}
