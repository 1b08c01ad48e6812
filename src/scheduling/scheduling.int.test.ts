import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let pharmacist: LoggedIn;
let region: LoggedIn;
let codes: Map<string, string>;
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const h = (s: LoggedIn) => ({ cookie: s.jar.header(), 'x-csrf-token': s.csrf, 'content-type': 'application/json' });
const api = (path: string, s: LoggedIn | null, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: s === null ? {} : h(s),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 200 });
  codes = new Map(
    (
      (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
        accounts: { username: string; fiscalCode: string }[];
      }
    ).accounts.map((a) => [a.username, a.fiscalCode]),
  );
  pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
  region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  for (const who of ['maria.brambilla', 'ernesto.pozzi', 'giuseppe.locatelli']) {
    const r = await api('/api/campaigns/covid-over80/enrollments', pharmacist, 'POST', {
      fiscalCode: codes.get(who),
      healthCardNumber: card(who),
    });
    expect(r.status).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('priority scheduling', () => {
  it('allocates oldest first, with the second dose at the product interval, and no inversions', async () => {
    const run = await api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' });
    expect(run.status).toBe(200);
    const report = (await run.json()) as {
      firstDoses: number;
      secondDoses: number;
      inversions: number;
      unallocated: number;
    };
    expect(report).toMatchObject({ firstDoses: 3, secondDoses: 3, inversions: 0, unallocated: 0 });
    const { rows } = await platform.db.pool.query<{
      fiscal_code: string;
      dose_number: number;
      day: string;
      product: string;
    }>(
      `SELECT c.fiscal_code, a.dose_number, a.day::text AS day, a.product FROM appointments a
        JOIN citizens c ON c.id = a.citizen_id ORDER BY c.birth_date, a.dose_number`,
    );
    const first = (cf: string | undefined, dose: number) =>
      rows.find((r) => r.fiscal_code === cf && r.dose_number === dose);
    const ernesto = first(codes.get('ernesto.pozzi'), 1);
    const maria = first(codes.get('maria.brambilla'), 1);
    expect(ernesto && maria && ernesto.day <= maria.day).toBe(true);
    const interval = { Comirnaty: 21, Spikevax: 28 }[maria?.product ?? 'Comirnaty'] ?? 21;
    const second = first(codes.get('maria.brambilla'), 2);
    expect((Date.parse(second?.day ?? '') - Date.parse(maria?.day ?? '')) / 86_400_000).toBeGreaterThanOrEqual(
      interval,
    );
  });

  it('is incremental: a second run books nobody twice and moves nobody', async () => {
    const before = await platform.db.pool.query<{ id: number }>('SELECT id FROM appointments ORDER BY id');
    const run = (await (
      await api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' })
    ).json()) as { firstDoses: number };
    expect(run.firstDoses).toBe(0);
    const after = await platform.db.pool.query<{ id: number }>('SELECT id FROM appointments ORDER BY id');
    expect(after.rows).toEqual(before.rows);
  });

  it('cannot double-book when two allocators run at once', async () => {
    await platform.db.pool.query(`
      INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by)
      SELECT k.campaign_id, c.id, k.id, 'citizen', 'code' FROM citizens c
      JOIN campaign_cohorts k ON k.label = 'over 80'
      WHERE c.synthetic_seed IS NOT NULL AND c.birth_date < make_date(k.born_to_year + 1, 1, 1)
      ON CONFLICT DO NOTHING`);
    const runs = await Promise.all(
      [1, 2].map(() =>
        api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' }).then(
          (r) => r.json() as Promise<{ firstDoses: number }>,
        ),
      ),
    );
    const total = runs.reduce((s, r) => s + r.firstDoses, 0);
    const { rows } = await platform.db.pool.query<{
      enrolled: number;
      booked: number;
      dup: number;
      over: number;
      booked_sum: number;
      appts: number;
    }>(`
      SELECT (SELECT count(*)::int FROM enrollments) AS enrolled,
             (SELECT count(*)::int FROM appointments WHERE dose_number = 1 AND status = 'booked') AS booked,
             (SELECT count(*)::int FROM (SELECT enrollment_id, dose_number FROM appointments WHERE status = 'booked'
               GROUP BY 1, 2 HAVING count(*) > 1) d) AS dup,
             (SELECT count(*)::int FROM centre_capacity WHERE booked > doses) AS over,
             (SELECT sum(booked)::int FROM centre_capacity) AS booked_sum,
             (SELECT count(*)::int FROM appointments WHERE status = 'booked') AS appts`);
    expect(total).toBe((rows[0]?.booked ?? 0) - 3);
    expect(rows[0]?.dup).toBe(0);
    expect(rows[0]?.over).toBe(0);
    expect(rows[0]?.booked_sum).toBe(rows[0]?.appts);
  });

  it('announces every new appointment by SMS in the appointment lane', async () => {
    const deadline = Date.now() + 20_000;
    let count = 0;
    while (Date.now() < deadline) {
      const { rows } = await platform.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notify_messages WHERE lane = 'appointment'
          AND idempotency_key LIKE 'appointment:%:booked'`,
      );
      count = rows[0]?.n ?? 0;
      const first = await platform.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM appointments a JOIN citizens c ON c.id = a.citizen_id WHERE a.dose_number = 1
          AND c.mobile_phone IS NOT NULL`,
      );
      if (count > 0 && count >= (first.rows[0]?.n ?? 0)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(count).toBeGreaterThanOrEqual(3);
    const sms = await platform.db.pool.query<{ body: string }>(
      `SELECT body FROM notify_messages WHERE recipient = '+393330000001' AND lane = 'appointment'
        AND idempotency_key LIKE 'appointment:%'`,
    );
    expect(sms.rows[0]?.body).toContain('Seconda dose');
  });
});
