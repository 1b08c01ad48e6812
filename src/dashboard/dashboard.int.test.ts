import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let region: LoggedIn;

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 300 });
  const codes = new Map(
    (
      (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
        accounts: { username: string; fiscalCode: string }[];
      }
    ).accounts.map((a) => [a.username, a.fiscalCode]),
  );
  const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
  for (const who of ['maria.brambilla', 'ernesto.pozzi']) {
    const card = demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === who));
    await fetch(`${platform.baseUrl}/api/campaigns/covid-over80/enrollments`, {
      method: 'POST',
      headers: { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ fiscalCode: codes.get(who), healthCardNumber: card }),
    });
  }
  region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

const get = (path: string, s: LoggedIn | null) =>
  fetch(`${platform.baseUrl}${path}`, { headers: s === null ? {} : { cookie: s.jar.header() } });

describe('the region dashboard', () => {
  it('shows the figures of seeded data, aggregates only', async () => {
    const response = await get('/api/dashboard?campaign=covid-over80', region);
    expect(response.status).toBe(200);
    const d = (await response.json()) as {
      enrollments: { byChannel: { channel: string; count: number | null }[] };
      cohorts: { cohort: string; eligible: number | null; enrolled: number | null }[];
      database: { primary: boolean };
    };
    // 2 enrollments: below 5, suppressed (issue 17: the page used to show them).
    expect(d.enrollments.byChannel).toEqual([{ channel: 'pharmacist', count: null }]);
    const over80 = d.cohorts.find((c) => c.cohort === 'over 80');
    expect(over80?.enrolled).toBeNull(); // 2 enrollments: below 5, suppressed
    expect(over80?.eligible).toBeGreaterThan(10);
    expect(d.database.primary).toBe(true);
    expect(JSON.stringify(d)).not.toContain('BRMMRA36C52F205C');
  });

  it('exports each table as CSV', async () => {
    const response = await get('/api/dashboard/export/enrollments-by-channel.csv?campaign=covid-over80', region);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(await response.text()).toBe('channel,count\npharmacist,\n'); // 2, suppressed
    expect((await get('/api/dashboard/export/nope.csv', region)).status).toBe(404);
    // The modules' tables too, under the names the dashboard page links to.
    for (const table of [
      'sms-lanes',
      'sms-latency-last-hour',
      'sms-summary',
      'fse-documents-by-class',
      'fse-processed-per-hour',
      'fse-summary',
      'waitroom-rooms',
      'database-summary',
    ]) {
      const exported = await get(`/api/dashboard/export/${table}.csv?campaign=covid-over80`, region);
      expect(exported.status, table).toBe(200);
    }
    const hours = (
      await (await get('/api/dashboard/export/fse-processed-per-hour.csv?campaign=covid-over80', region)).text()
    )
      .trim()
      .split('\n');
    expect(hours[0]).toBe('hour,documents');
    expect(hours).toHaveLength(25);
  });

  it('gives the day’s figures for the evening report', async () => {
    const report = (await (await get('/api/dashboard/day-report', region)).json()) as {
      enrollmentsTotal: number | null;
      enrollmentsByChannel: unknown[];
    };
    expect(report.enrollmentsByChannel).toEqual([{ channel: 'pharmacist', count: null }]);
    expect(report.enrollmentsTotal).toBeNull(); // 2, suppressed like the page
  });

  it('is for region operators only', async () => {
    expect((await get('/api/dashboard', null)).status).toBe(401);
    const gp = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
    expect((await get('/api/dashboard', gp)).status).toBe(403);
  });
});
