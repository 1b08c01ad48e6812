// Issue 17: the GP's patient list showed nothing about the vaccination campaign, and its
// "Iscrivi" button was on every row, also where enrolling could only fail. Each row now says
// whether the patient is enrolled (how and when) and whether they are eligible now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from './demo.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

interface Standing {
  campaign: string;
  enrollment: { channel: string; enrolledAt: string; withdrawn: boolean } | null;
  eligibility: string;
  eligibleFrom: string | null;
}
type Page = { items: { fiscalCode: string; campaigns: Standing[] }[] };

let platform: TestPlatform;
let colombo: LoggedIn;
let codes: Map<string, string>;
let ernestoEnrolledAt: string;
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  codes = new Map(
    (
      (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
        accounts: { username: string; fiscalCode: string }[];
      }
    ).accounts.map((a) => [a.username, a.fiscalCode]),
  );
  const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
  const enrolled = await fetch(`${platform.baseUrl}/api/campaigns/covid-over80/enrollments`, {
    method: 'POST',
    headers: { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ fiscalCode: codes.get('ernesto.pozzi'), healthCardNumber: card('ernesto.pozzi') }),
  });
  expect(enrolled.status).toBe(201);
  ernestoEnrolledAt = ((await enrolled.json()) as { enrolledAt: string }).enrolledAt;
  colombo = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('the GP’s patient list', () => {
  it('shows each patient’s enrollment and eligibility in the open campaign', async () => {
    const response = await fetch(`${platform.baseUrl}/api/gp/patients?limit=200`, {
      headers: { cookie: colombo.jar.header() },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    const standing = (username: string): Standing | undefined =>
      page.items
        .find((p) => p.fiscalCode === codes.get(username))
        ?.campaigns.find((c) => c.campaign === 'covid-over80');

    // Ernesto Pozzi (102) was enrolled at the pharmacy a moment ago.
    const ernesto = standing('ernesto.pozzi');
    expect(ernesto?.enrollment).toEqual({ channel: 'pharmacist', enrolledAt: ernestoEnrolledAt, withdrawn: false });
    expect(ernesto?.eligibility).toBe('now');
    // Maria Brambilla (90): eligible now, not enrolled - the one row where "Iscrivi" can succeed.
    expect(standing('maria.brambilla')).toMatchObject({ enrollment: null, eligibility: 'now' });
    // Anna Sala (38): in none of the campaign's cohorts (over 80, 75-79).
    expect(standing('anna.sala')).toMatchObject({ enrollment: null, eligibility: 'none', eligibleFrom: null });
  });

  it('says from when a patient in a cohort not open yet may enroll', async () => {
    // Anna's birth date moved into the 75-79 cohort, which the demo opens in two weeks.
    const born = `${new Date().getUTCFullYear() - 77}-06-25`;
    await platform.db.pool.query('UPDATE citizens SET birth_date = $1 WHERE fiscal_code = $2', [
      born,
      codes.get('anna.sala'),
    ]);
    const response = await fetch(`${platform.baseUrl}/api/gp/patients?limit=200`, {
      headers: { cookie: colombo.jar.header() },
    });
    const page = (await response.json()) as Page;
    const anna = page.items
      .find((p) => p.fiscalCode === codes.get('anna.sala'))
      ?.campaigns.find((c) => c.campaign === 'covid-over80');
    expect(anna).toMatchObject({ enrollment: null, eligibility: 'later' });
    expect(Date.parse(anna?.eligibleFrom ?? '')).toBeGreaterThan(Date.now() + 7 * 86_400_000);
  });
});
