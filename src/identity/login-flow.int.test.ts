import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, demoPassword, location, loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 50 });
});
afterAll(async () => {
  await platform.close();
});

describe('login through the bundled OpenID provider', () => {
  it('publishes discovery at /idp/.well-known/openid-configuration', async () => {
    const discovery = (await (
      await fetch(`${platform.baseUrl}/idp/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(`${platform.baseUrl}/idp`);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.claims_supported).toEqual(
      expect.arrayContaining(['fiscal_number', 'given_name', 'family_name', 'birthdate', 'mobile_phone', 'email']),
    );
    expect(discovery.end_session_endpoint).toBe(`${platform.baseUrl}/idp/session/end`);
  });

  it('logs a citizen in with the code flow (PKCE, state, nonce) and SPID attributes', async () => {
    const { jar, me } = await loginAs(platform.baseUrl, 'maria.brambilla');
    expect(me).toMatchObject({
      kind: 'citizen',
      role: 'citizen',
      name: 'Maria Brambilla',
      fiscalCode: 'BRMMRA36C52F205C',
    });
    const cookie = [...jar.cookies.keys()];
    expect(cookie).toContain('salus_session');
  });

  it('asks for PKCE: the authorization request carries an S256 challenge, state and nonce', async () => {
    const response = await fetch(`${platform.baseUrl}/auth/login`, { redirect: 'manual' });
    const url = new URL(location(response, platform.baseUrl));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')?.length).toBeGreaterThan(20);
    expect(url.searchParams.get('nonce')?.length).toBeGreaterThan(20);
  });

  it('takes an operator’s role and organisation from the registry', async () => {
    const { me } = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
    expect(me).toMatchObject({ kind: 'operator', role: 'gp', name: 'Laura Colombo' });
    const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
    expect(pharmacist.me.role).toBe('pharmacist');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const seen: string[] = [];
    class RecordingJar extends CookieJar {
      override store(response: Response): void {
        seen.push(...response.headers.getSetCookie());
        super.store(response);
      }
    }
    await loginAs(platform.baseUrl, 'giuseppe.locatelli', { jar: new RecordingJar() });
    const session = seen.find((c) => c.startsWith('salus_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
  });

  it('refuses a wrong password on the provider’s login page', async () => {
    await expect(loginAs(platform.baseUrl, 'maria.brambilla', { password: 'wrong-password' })).rejects.toThrow(
      /login page answered|401/,
    );
  });

  it('refuses a callback whose state was not issued by Salus', async () => {
    const response = await fetch(`${platform.baseUrl}/auth/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('auth.login_expired');
  });

  it('rate-limits login attempts per account with a clear 429 and Retry-After', async () => {
    const password = 'not-the-password';
    let last: Response | null = null;
    for (let attempt = 0; attempt < 11; attempt++) {
      const jar = new CookieJar();
      let response = await jar.fetch(`${platform.baseUrl}/auth/login`);
      response = await jar.fetch(location(response, platform.baseUrl));
      const interaction = location(response, platform.baseUrl);
      last = await jar.fetch(`${interaction}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'ernesto.pozzi', password }).toString(),
      });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.text()).toContain('Troppi tentativi');
  });

  it('logs out: the session ends and the provider’s end-session URL is returned', async () => {
    const { jar, csrf } = await loginAs(platform.baseUrl, 'anna.sala');
    const logout = await jar.fetch(`${platform.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
    });
    expect(logout.status).toBe(200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    expect(redirectTo).toContain(`${platform.baseUrl}/idp/session/end`);
    expect(redirectTo).toContain('id_token_hint=');
    const me = (await (await jar.fetch(`${platform.baseUrl}/api/me`)).json()) as { authenticated: boolean };
    expect(me.authenticated).toBe(false);
  });

  it(
    'logs out of the provider too: the next login asks for the password again, ' + 'with no prompt to confirm',
    async () => {
      const { jar, csrf } = await loginAs(platform.baseUrl, 'giuseppe.locatelli');
      const logout = await jar.fetch(`${platform.baseUrl}/auth/logout`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      const { redirectTo } = (await logout.json()) as { redirectTo: string };
      // The browser goes to the provider's end-session URL: nothing there asks to confirm.
      expect(await (await jar.fetch(redirectTo)).text()).not.toContain('Vuoi uscire?');
      let response = await jar.fetch(`${platform.baseUrl}/auth/login`);
      response = await jar.fetch(location(response, platform.baseUrl));
      const next = location(response, platform.baseUrl);
      expect(new URL(next).pathname).toMatch(/^\/idp\/interaction\//);
      const page = await jar.fetch(next);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('type="password"');
    },
  );

  it('shows the demo credentials on the login page only in demo mode', async () => {
    const jar = new CookieJar();
    let response = await jar.fetch(`${platform.baseUrl}/auth/login`);
    response = await jar.fetch(location(response, platform.baseUrl));
    const page = await (await jar.fetch(location(response, platform.baseUrl))).text();
    expect(page).toContain(await demoPassword(platform.baseUrl));
    expect(page).toContain('maria.brambilla');
  });
});
