// Issue 17: the dashboard promised that counts from 1 to 4 show as "< 5", yet
// its tables showed 3, 1 and 1. Seeded data with small cells next to larger
// ones: no JSON, CSV or day-report figure of people may be 1 to 4, and no
// published total may give a hidden cell back (total minus the visible cells).
import { sql } from 'kysely';
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
  // Two by the pharmacist (a small cell), seven online (a large one): 9 in total.
  for (const who of ['maria.brambilla', 'ernesto.pozzi']) {
    const card = demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === who));
    const response = await fetch(`${platform.baseUrl}/api/campaigns/covid-over80/enrollments`, {
      method: 'POST',
      headers: { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ fiscalCode: codes.get(who), healthCardNumber: card }),
    });
    expect(response.status).toBeLessThan(300);
  }
  await sql`
    INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by)
    SELECT c.id, z.id, k.id, 'citizen', 'spid' FROM campaigns c
    JOIN campaign_cohorts k ON k.campaign_id = c.id AND k.opens_at <= now()
    JOIN citizens z ON z.birth_date < make_date(k.born_to_year + 1, 1, 1)
      AND (k.born_from_year IS NULL OR z.birth_date >= make_date(k.born_from_year, 1, 1))
    WHERE c.code = 'covid-over80'
      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = c.id AND e.citizen_id = z.id)
    ORDER BY z.id LIMIT 7`.execute(platform.db.kysely);
  region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  const allocated = await fetch(`${platform.baseUrl}/api/scheduling/allocate`, {
    method: 'POST',
    headers: { cookie: region.jar.header(), 'x-csrf-token': region.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ campaign: 'covid-over80' }),
  });
  expect(allocated.status).toBeLessThan(300);
}, 90_000);
afterAll(async () => {
  await platform.close();
});

const get = (path: string) => fetch(`${platform.baseUrl}${path}`, { headers: { cookie: region.jar.header() } });
/** These tables hold no quoted commas: labels, dates and numbers only. */
function parse(csv: string): Record<string, string>[] {
  const [header = '', ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? String(i), v])));
}
const small = (v: unknown) => typeof v === 'number' && v > 0 && v < 5;

/** Keys that count people or their health events, wherever they appear in the page's data. */
const personCounts = new Set([
  'count',
  'total',
  'eligible',
  'enrolled',
  'booked',
  'doses',
  'enrollmentsTotal',
  'appointmentsBooked',
  'dosesAdministered',
  'certificatesIssued',
]);
/** Sections that gauge machinery (messages, jobs, servers), not people. */
const operational = new Set(['sms', 'fse', 'waitroom', 'database']);

function smallPersonCounts(value: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => smallPersonCounts(v, `${path}[${i}]`, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (path === '' && operational.has(key)) continue;
      if (personCounts.has(key) && small(v)) found.push(`${path}.${key}=${String(v)}`);
      smallPersonCounts(v, `${path}.${key}`, found);
    }
  }
  return found;
}

interface Dashboard {
  enrollments: {
    total: number | null;
    byChannel: { channel: string; count: number | null }[];
    perMinute: { count: number | null }[];
  };
  cohorts: { enrolled: number | null; eligible: number | null; coveragePercent: number | null }[];
  fse: { documentsByClass: { documents: number | null }[] };
}

describe('small-cell suppression on the dashboard', () => {
  it('publishes no count from 1 to 4 in the page data or the day report', async () => {
    const d = (await (await get('/api/dashboard?campaign=covid-over80')).json()) as Dashboard;
    expect(smallPersonCounts(d, '', [])).toEqual([]);
    for (const c of d.fse.documentsByClass) expect(small(c.documents)).toBe(false);
    const report = await (await get('/api/dashboard/day-report')).json();
    expect(smallPersonCounts(report, '', [])).toEqual([]);
  });

  it('hides a second cell so that the total does not give the small one back', async () => {
    const d = (await (await get('/api/dashboard?campaign=covid-over80')).json()) as Dashboard;
    expect(d.enrollments.total).toBe(9);
    // Pharmacist 2 is hidden; citizen 7 must be too, or 9 - 7 = 2.
    expect(d.enrollments.byChannel).toEqual([
      { channel: 'citizen', count: null },
      { channel: 'pharmacist', count: null },
    ]);
    const report = (await (await get('/api/dashboard/day-report')).json()) as {
      enrollmentsTotal: number | null;
      enrollmentsByChannel: { count: number | null }[];
    };
    expect(report.enrollmentsTotal).toBe(9);
    expect(report.enrollmentsByChannel.filter((c) => c.count === null).length).not.toBe(1);
    // The cohorts' enrolled add up to the same total: never one hidden cohort alone.
    expect(d.cohorts.filter((c) => c.enrolled === null).length).not.toBe(1);
    for (const c of d.cohorts) if (c.enrolled === null) expect(c.coveragePercent).toBeNull();
  });

  it('exports the same suppressed figures as CSV', async () => {
    const columns: Record<string, string[]> = {
      'enrollments-by-channel': ['count'],
      'enrollments-per-minute': ['count'],
      cohorts: ['eligible', 'enrolled'],
      'coverage-by-province': ['eligible', 'enrolled'],
      'appointments-by-province-week': ['booked'],
      'doses-per-day': ['doses'],
      certificates: ['count'],
      'fse-documents-by-class': ['documents'],
    };
    const booked: string[] = [];
    for (const [table, counted] of Object.entries(columns)) {
      const response = await get(`/api/dashboard/export/${table}.csv?campaign=covid-over80`);
      expect(response.status, table).toBe(200);
      const rows = parse(await response.text());
      for (const row of rows)
        for (const column of counted)
          expect(small(Number(row[column] === '' ? '0' : row[column])), `${table} ${column}: ${row[column]}`).toBe(
            false,
          );
      if (table === 'appointments-by-province-week') booked.push(...rows.map((r) => r.booked ?? ''));
    }
    // The allocation booked nine first doses and their second ones: the seeded small cells are there, hidden.
    expect(booked.some((b) => b === '')).toBe(true);
    const channels = (
      await (await get('/api/dashboard/export/enrollments-by-channel.csv?campaign=covid-over80')).text()
    )
      .trim()
      .split('\n');
    expect(channels).toEqual(['channel,count', 'citizen,', 'pharmacist,']);
  });
});
