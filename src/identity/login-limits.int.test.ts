// Login failures slow down per account AND address: a stranger's wrong passwords
// never keep the owner out from elsewhere, and successful logins never count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, location, loginAs } from '../../test/helpers/browserless-login.ts';
import { CookieJarAt } from '../../test/helpers/from-address.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let password: string;

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  password = await demoPassword(platform.baseUrl);
}, 60_000);
afterAll(async () => {
  await platform.close();
});

/** One submission of the provider's login form from `address`; the answer's status and Retry-After. */
async function submit(
  address: string,
  username: string,
  secret: string,
): Promise<{ status: number; retryAfter: number | null; page: string }> {
  const jar = new CookieJarAt(address);
  let response = await jar.fetch(`${platform.baseUrl}/auth/login`);
  response = await jar.fetch(location(response, platform.baseUrl));
  const interaction = location(response, platform.baseUrl);
  response = await jar.fetch(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: secret }).toString(),
  });
  const retryAfter = response.headers.get('retry-after');
  return {
    status: response.status,
    retryAfter: retryAfter === null ? null : Number(retryAfter),
    page: await response.text(),
  };
}

describe('login failures', () => {
  it('from one address do not keep the owner out from another address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await submit('127.0.0.3', 'giuseppe.locatelli', 'guess-' + String(i))).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const { me } = await loginAs(platform.baseUrl, 'giuseppe.locatelli', { jar: new CookieJarAt('127.0.0.4') });
    expect(me.name).toBe('Giuseppe Locatelli');
  });

  it('pause that account at that address after five, even for the right password, with a Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await submit('127.0.0.5', 'anna.sala', 'guess-' + String(i))).status).toBe(401);
    const paused = await submit('127.0.0.5', 'anna.sala', password);
    expect(paused.status).toBe(429);
    expect(paused.retryAfter).toBeGreaterThan(0);
    expect(paused.retryAfter).toBeLessThanOrEqual(30);
    expect(paused.page).toContain('Troppi tentativi');
    // Another account from the same address, and the same account from elsewhere, go on as usual.
    expect((await submit('127.0.0.5', 'maria.brambilla', 'wrong')).status).toBe(401);
    expect((await submit('127.0.0.6', 'anna.sala', password)).status).toBe(303);
  });
});

describe('successful logins', () => {
  it('never count toward any limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await submit('127.0.0.7', 'ernesto.pozzi', password)).status);
    expect(statuses).toEqual(Array<number>(12).fill(303));
  });

  it('wipe the failures of that account at that address', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        statuses.push((await submit('127.0.0.8', 'maria.brambilla', 'typo-' + String(i))).status);
      statuses.push((await submit('127.0.0.8', 'maria.brambilla', password)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 303, 401, 401, 401, 401, 303, 401, 401, 401, 401, 303]);
  });
});
