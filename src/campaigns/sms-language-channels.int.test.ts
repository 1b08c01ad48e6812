// Issue 17: the language of the SMS was recorded for web enrollments only. A pharmacist or a GP
// now records the one the citizen asks for (Italian by default), SPID/CIE the language of the
// pages; and an English confirmation quotes the campaign's English name, not the Italian one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let fiscalCodes: Map<string, string>;

const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const phone = (u: string): string => DEMO_CITIZENS.find((c) => c.username === u)?.phone ?? '';
const post = (path: string, body: unknown, s: LoggedIn) =>
  fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.jar.header(), 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });

/** The enrollment's recorded language and its confirmation SMS, sent to the registry's phone. */
async function confirmation(username: string): Promise<{ lang: string | null; body: string } | undefined> {
  const { rows } = await platform.db.pool.query<{ lang: string | null; body: string }>(
    `SELECT e.lang, m.body FROM notify_messages m
       JOIN enrollments e ON m.idempotency_key = 'enrollment:' || e.id || ':confirmed'
      WHERE m.recipient = $1`,
    [phone(username)],
  );
  return rows[0];
}

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  fiscalCodes = new Map(
    (
      (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
        accounts: { username: string; fiscalCode: string }[];
      }
    ).accounts.map((a) => [a.username, a.fiscalCode]),
  );
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('the SMS language of enrollments outside the web form', () => {
  it('is the one the citizen asks the pharmacist for, and the SMS names the campaign in it', async () => {
    const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
    const body = { fiscalCode: fiscalCodes.get('giuseppe.locatelli'), healthCardNumber: card('giuseppe.locatelli') };
    expect((await post('/api/campaigns/covid-over80/enrollments', { ...body, lang: 'en' }, pharmacist)).status).toBe(
      201,
    );
    const sms = await confirmation('giuseppe.locatelli');
    expect(sms?.lang).toBe('en');
    expect(sms?.body).toMatch(/^Salus: enrolment of Giuseppe L\. in "COVID-19 vaccination for over-80s" confirmed\./);
  });

  it('is Italian, and recorded as such, when the citizen asks the GP for nothing', async () => {
    const gp = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
    const body = { fiscalCode: fiscalCodes.get('ernesto.pozzi') };
    expect((await post('/api/campaigns/covid-over80/enrollments', body, gp)).status).toBe(201);
    const sms = await confirmation('ernesto.pozzi');
    expect(sms?.lang).toBe('it');
    expect(sms?.body).toMatch(/^Salus: adesione di Ernesto P\. a "Vaccinazione anti-COVID-19 over 80"/);
  });

  it('is the language of the pages for a citizen logged in with SPID', async () => {
    const maria = await loginAs(platform.baseUrl, 'maria.brambilla');
    expect((await post('/api/campaigns/covid-over80/enrollments/me?lang=en', {}, maria)).status).toBe(201);
    const sms = await confirmation('maria.brambilla');
    expect(sms?.lang).toBe('en');
    expect(sms?.body).toMatch(/^Salus: enrolment of Maria B\. in "COVID-19 vaccination for over-80s" confirmed\./);
  });

  it('refuses a language the platform does not speak', async () => {
    const gp = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
    const body = { fiscalCode: fiscalCodes.get('anna.sala'), lang: 'fr' };
    expect((await post('/api/campaigns/covid-over80/enrollments', body, gp)).status).toBe(400);
    const anna = await loginAs(platform.baseUrl, 'anna.sala');
    expect((await post('/api/campaigns/covid-over80/enrollments/me?lang=fr', {}, anna)).status).toBe(400);
  });
});
