import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';

let platform: TestPlatform;
let fiscalCodes: Map<string, string>;
const card = (username: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === username));
const phone = (username: string): string => DEMO_CITIZENS.find((c) => c.username === username)?.phone ?? '';
const cf = (username: string): string => fiscalCodes.get(username) ?? '';

beforeAll(async () => {
  // A generous per-IP budget: this file makes many attempts from one address on purpose. The counters in
  // PostgreSQL (not the default, memory), so that a test can end a limiter's 15 minutes by deleting its rows.
  platform = await startTestPlatform({
    demoCitizens: 20,
    env: { RATE_LIMIT_VERIFY_PER_IP: '500', RATE_LIMIT_SUBMIT_PER_IP: '500', RATE_LIMIT_STORE: 'postgres' },
  });
  const demo = (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
    accounts: { username: string; fiscalCode: string | null }[];
  };
  fiscalCodes = new Map(demo.accounts.map((a) => [a.username, a.fiscalCode ?? '']));
});
afterAll(async () => {
  await platform.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const submit = (username: string) =>
  post('/api/campaigns/covid-over80/drafts', {
    fiscalCode: cf(username),
    healthCardNumber: card(username),
    mobilePhone: phone(username),
  });
const confirm = (username: string, code: string) =>
  post('/api/campaigns/covid-over80/confirm', { fiscalCode: cf(username), code });

describe('code rules', () => {
  it('refuses wrong codes, locks the draft after 5 and keeps refusing a 6th, even a right one', async () => {
    expect((await submit('maria.brambilla')).status).toBe(202);
    const right = codeIn(await lastQueuedSms(platform.db, phone('maria.brambilla')));
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const response = await confirm('maria.brambilla', wrong);
      expect([400, 429]).toContain(response.status);
    }
    const sixth = await confirm('maria.brambilla', right);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(60);
    // The draft is kept: after the lock it still confirms with the same code.
    await platform.db.pool.query(`UPDATE enrollment_drafts SET locked_until = now() - interval '1 second'`);
    await platform.db.pool.query(`DELETE FROM rate_limits WHERE key LIKE 'enroll-verify-cf%'`);
    expect((await confirm('maria.brambilla', right)).status).toBe(201);
  });

  it('refuses an expired code with the same answer as a wrong one', async () => {
    expect((await submit('ernesto.pozzi')).status).toBe(202);
    const code = codeIn(await lastQueuedSms(platform.db, phone('ernesto.pozzi')));
    await platform.db.pool.query(
      `UPDATE enrollment_drafts SET code_expires_at = now() - interval '1 minute' WHERE status = 'pending'`,
    );
    const expired = await confirm('ernesto.pozzi', code);
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { code: string }).code).toBe('campaign.code_invalid');
  });

  it('answers a code for an unknown codice fiscale exactly like a wrong code', async () => {
    const unknown = await post('/api/campaigns/covid-over80/confirm', {
      fiscalCode: 'RSSMRA38T03F205N',
      code: '123456',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { code: string }).code).toBe('campaign.code_invalid');
  });
});

describe('one enrollment per citizen per campaign', () => {
  it('holds under a double submit from two channels at once', async () => {
    const who = 'giuseppe.locatelli';
    const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
    const gp = await loginAs(platform.baseUrl, 'mmg.rota', { as: 'operator' });
    const results = await Promise.all([
      post(
        '/api/campaigns/covid-over80/enrollments',
        { fiscalCode: cf(who), healthCardNumber: card(who) },
        { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf },
      ),
      post(
        '/api/campaigns/covid-over80/enrollments',
        { fiscalCode: cf(who) },
        { cookie: gp.jar.header(), 'x-csrf-token': gp.csrf },
      ),
      post(
        '/api/campaigns/covid-over80/enrollments',
        { fiscalCode: cf(who), healthCardNumber: card(who) },
        { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf },
      ),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const { rows } = await platform.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM enrollments e JOIN citizens c ON c.id = e.citizen_id WHERE c.fiscal_code = $1`,
      [cf(who)],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('confirms a citizen logged in with SPID at once', async () => {
    const anna = await loginAs(platform.baseUrl, 'anna.sala');
    const refused = await post(
      '/api/campaigns/covid-over80/enrollments/me',
      {},
      { cookie: anna.jar.header(), 'x-csrf-token': anna.csrf },
    );
    expect(refused.status).toBe(409); // 38 years old: not in an open cohort
    const { rows } = await platform.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM enrollments WHERE verified_by = 'spid'`,
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('fuzzed bodies', () => {
  const junk: unknown[] = [
    null,
    42,
    'text',
    [],
    {},
    { fiscalCode: null },
    { fiscalCode: 12345 },
    { fiscalCode: 'x'.repeat(10_000) },
    { fiscalCode: 'BRMMRA36C52F205C', healthCardNumber: '1e309', mobilePhone: '+39' },
    { fiscalCode: 'BRMMRA36C52F205C', code: '12345678' },
    { token: '../../etc' },
    { token: '1.' + 'a'.repeat(43) },
    { fiscalCode: '\u0000\u0000', healthCardNumber: '\u{1F600}'.repeat(10), mobilePhone: '☎' },
  ];
  const paths = [
    '/api/campaigns/covid-over80/drafts',
    '/api/campaigns/covid-over80/confirm',
    '/api/enrollments/resume',
    '/api/campaigns/no-such/drafts',
    '/api/campaigns/BAD CODE/drafts',
  ];
  it('never answer with a 500', async () => {
    for (const path of paths) {
      for (const body of junk) {
        const response = await fetch(`${platform.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(response.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBeLessThan(500);
      }
      const notJson = await fetch(`${platform.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"fiscalCode":',
      });
      expect(notJson.status).toBe(400);
    }
  });
});
