/**
 * Issue 17 (Major 2): each demo account is a one-click "try as this person". The home page's
 * link starts the normal OpenID Connect login with a login_hint, and the provider's form opens
 * with that username filled in, so the person only types the demo password and presses "Entra".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, location } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
});
afterAll(async () => {
  await platform.close();
});

/** The provider's login page reached from /auth/login with `query`. */
async function loginPage(query: string): Promise<{ authorize: URL; html: string }> {
  const jar = new CookieJar();
  let response = await jar.fetch(`${platform.baseUrl}/auth/login?${query}`);
  const authorize = new URL(location(response, platform.baseUrl));
  response = await jar.fetch(authorize.href);
  response = await jar.fetch(location(response, platform.baseUrl));
  expect(response.status).toBe(200);
  return { authorize, html: await response.text() };
}

describe('login with a hint', () => {
  it('asks the provider with login_hint and opens its form with the username filled in', async () => {
    const { authorize, html } = await loginPage('as=citizen&returnTo=%2Fappuntamenti&loginHint=maria.brambilla');
    expect(authorize.searchParams.get('login_hint')).toBe('maria.brambilla');
    expect(html).toMatch(/<input id="username"[^>]*value="maria\.brambilla"/);
  });

  it('opens an empty form without a hint', async () => {
    const { authorize, html } = await loginPage('as=citizen');
    expect(authorize.searchParams.has('login_hint')).toBe(false);
    expect(html).toMatch(/<input id="username"[^>]*value=""/);
  });

  it('refuses a hint that is not a username', async () => {
    const response = await fetch(`${platform.baseUrl}/auth/login?loginHint=${encodeURIComponent('"><script>')}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
