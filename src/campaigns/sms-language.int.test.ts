// Issue 17: the SMS ignored the language chosen in the web pages. The web app sends it
// with the enrollment (`lang`); the code, the confirmation, the appointment and its
// change go out in it. Without it (or from other channels) they stay in Italian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';

const ENGLISH = '+393479990011';
const ITALIAN = '+393479990012';
let platform: TestPlatform;
let fiscalCodes: Map<string, string>;
interface Sms {
  key: string;
  body: string;
}

const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const post = (path: string, body: unknown, s?: LoggedIn) =>
  fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(s === undefined ? {} : { cookie: s.jar.header(), 'x-csrf-token': s.csrf }),
    },
    body: JSON.stringify(body),
  });
const sms = async (to: string): Promise<Sms[]> =>
  (
    await platform.db.pool.query<Sms>(
      'SELECT idempotency_key AS key, body FROM notify_messages WHERE recipient = $1 ORDER BY id',
      [to],
    )
  ).rows;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function enroll(username: string, phone: string, lang?: string): Promise<void> {
  const body = {
    fiscalCode: fiscalCodes.get(username),
    healthCardNumber: card(username),
    mobilePhone: phone,
    ...(lang === undefined ? {} : { lang }),
  };
  expect((await post('/api/campaigns/covid-over80/drafts', body)).status).toBe(202);
  const code = codeIn(await lastQueuedSms(platform.db, phone));
  expect(
    (await post('/api/campaigns/covid-over80/confirm', { fiscalCode: fiscalCodes.get(username), code })).status,
  ).toBe(201);
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
  await enroll('maria.brambilla', ENGLISH, 'en');
  await enroll('giuseppe.locatelli', ITALIAN);
  const region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  expect((await post('/api/scheduling/allocate', { campaign: 'covid-over80' }, region)).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('the language of the SMS', () => {
  it('is English for the code and the confirmation when the pages were in English', async () => {
    const [code, confirmed] = await sms(ENGLISH);
    expect(code?.body).toMatch(/^Salus: the enrolment code of Maria B\. is \d{6}\./);
    expect(confirmed?.key).toMatch(/^enrollment:\d+:confirmed$/);
    expect(confirmed?.body).toMatch(/^Salus: enrolment of Maria B\. in ".*" confirmed\./);
  });

  it('quotes the campaign by its English name in the English confirmation, by the Italian one otherwise', async () => {
    const [, english] = await sms(ENGLISH);
    expect(english?.body).toContain('"COVID-19 vaccination for over-80s" confirmed');
    const [, italian] = await sms(ITALIAN);
    expect(italian?.body).toContain('"Vaccinazione anti-COVID-19 over 80" confermata');
  });

  it('stays Italian when no language was sent', async () => {
    const [code, confirmed] = await sms(ITALIAN);
    expect(code?.body).toMatch(/^Salus: il codice di adesione di Giuseppe L\. è \d{6}\./);
    expect(confirmed?.body).toMatch(/^Salus: adesione di Giuseppe L\./);
  });

  it('follows the enrollment to the appointment and its move', async () => {
    const booked = await until(
      async () => (await sms(ENGLISH)).filter((m) => m.key.endsWith(':booked')),
      (rows) => rows.length > 0,
      'the appointment SMS',
    );
    expect(booked[0]?.body).toMatch(/^Salus: appointment of Maria B\.: \w+ vaccine \(dose 1\)/);
    expect(booked[0]?.body).toContain('menu "My appointments"');
    const italian = await until(
      async () => (await sms(ITALIAN)).filter((m) => m.key.endsWith(':booked')),
      (rows) => rows.length > 0,
      'the Italian appointment SMS',
    );
    expect(italian[0]?.body).toMatch(/^Salus: appuntamento di Giuseppe L\./);

    const maria = await loginAs(platform.baseUrl, 'maria.brambilla');
    const list = (await (
      await fetch(`${platform.baseUrl}/api/me/appointments`, { headers: { cookie: maria.jar.header() } })
    ).json()) as { id: number; doseNumber: number; day: string; centre: { code: string } }[];
    const first = list.find((a) => a.doseNumber === 1);
    if (first === undefined) throw new Error('Maria has no first dose');
    const day = new Date(Date.parse(`${first.day}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await post(`/api/appointments/${first.id}/move`, { day, centreCode: first.centre.code }, maria)).status,
    ).toBe(200);
    const moved = (await sms(ENGLISH)).filter((m) => m.key.endsWith(':moved'));
    expect(moved[0]?.body).toMatch(/^Salus: appointment of Maria B\. moved\. New: /);
  });

  it('refuses a language the platform does not speak', async () => {
    const body = {
      fiscalCode: fiscalCodes.get('maria.brambilla'),
      healthCardNumber: card('maria.brambilla'),
      mobilePhone: ENGLISH,
      lang: 'fr',
    };
    expect((await post('/api/campaigns/covid-over80/drafts', body)).status).toBe(400);
  });
});
