// Links that start a login at the identity provider. They are plain links to
// the server (full page loads), never SPA routes: the OpenID Connect flow runs
// across the provider's own pages and comes back with a session cookie.
import { withQuery } from '../api/client.ts';

export type LoginAs = 'citizen' | 'operator';

/**
 * `returnTo` must be a path on this site; the server ignores anything else. `loginHint`
 * (a demo username) fills the provider's username field: the demo's "try as this person".
 */
export function loginHref(as: LoginAs, returnTo: string, loginHint?: string): string {
  return withQuery('/auth/login', { as, returnTo: returnTo.startsWith('/') ? returnTo : '/', loginHint });
}

/** Where a person lands after logging in from the home page: their own area. */
export const personalAreaPath = '/area-personale';
