import * as oidc from 'openid-client';

export interface RelyingPartyOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
}

export interface LoginStart {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

// SPID's attribute scopes; "fiscal_number" is the codice fiscale as TINIT-….
const SCOPE = 'openid profile email phone fiscal_number';

/**
 * Salus as an ordinary OpenID Connect relying party (openid-client): authorization
 * code flow with PKCE, state and nonce. Discovery is lazy, so the bundled provider
 * in the same process can be discovered once the server listens.
 */
export function relyingParty(options: RelyingPartyOptions) {
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(new URL(options.issuer), options.clientId, options.clientSecret, undefined, {
        // The bundled provider is plain HTTP on loopback in development and tests;
        // a production issuer is HTTPS and never takes this branch.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        ...(options.issuer.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = null; // try again on the next login rather than caching a failure
        throw error;
      });
    return discovered;
  };

  return {
    async start(loginHint?: string): Promise<LoginStart> {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(loginHint === undefined ? {} : { login_hint: loginHint }),
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    /** Exchanges the code; checks state, nonce and PKCE; returns the ID token and its claims. */
    async finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined || tokens.id_token === undefined) throw new Error('the provider returned no ID token');
      return { idToken: tokens.id_token, claims };
    },

    async logoutUrl(idTokenHint: string | null): Promise<string> {
      const config = await configuration();
      if (config.serverMetadata().end_session_endpoint === undefined) return options.postLogoutRedirectUri;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: options.postLogoutRedirectUri,
        ...(idTokenHint === null ? {} : { id_token_hint: idTokenHint }),
      }).href;
    },

    async jwksUri(): Promise<string> {
      const uri = (await configuration()).serverMetadata().jwks_uri;
      if (uri === undefined) throw new Error('the provider publishes no jwks_uri');
      return uri;
    },
  };
}

export type RelyingParty = ReturnType<typeof relyingParty>;
