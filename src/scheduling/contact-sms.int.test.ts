// Issue 17: the phone verified while enrolling is the campaign contact. A son enrolls both
// parents with his own phone: every SMS (code, confirmation, appointment, change, reminder)
// reaches his phone, never the parents' registry numbers, and says whose it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../notify/index.ts';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';
import { sendReminders } from './notices.ts';

const SON = '+393479990001';
let platform: TestPlatform;
let fiscalCodes: Map<string, string>;
interface Appt {
  id: number;
  doseNumber: number;
  day: string;
  startsAt: string;
  centre: { code: string };
}
interface Sms {
  key: string;
  to: string;
  lane: string;
  body: string;
}

const citizen = (u: string) => DEMO_CITIZENS.find((c) => c.username === u);
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const post = (path: string, body: unknown, s?: LoggedIn) =>
  fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(s === undefined ? {} : { cookie: s.jar.header(), 'x-csrf-token': s.csrf }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const sms = async (where: string, ...params: unknown[]): Promise<Sms[]> =>
  (
    await platform.db.pool.query<Sms>(
      `SELECT idempotency_key AS key, recipient AS to, lane, body FROM notify_messages WHERE ${where} ORDER BY id`,
      params,
    )
  ).rows;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayMonth = (iso: string) =>
  new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long' });

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
  // The son enrolls his parents on the web, each with his own phone and the code it receives.
  for (const parent of ['maria.brambilla', 'giuseppe.locatelli']) {
    expect(
      (
        await post('/api/campaigns/covid-over80/drafts', {
          fiscalCode: fiscalCodes.get(parent),
          healthCardNumber: card(parent),
          mobilePhone: SON,
        })
      ).status,
    ).toBe(202);
    const code = codeIn(await lastQueuedSms(platform.db, SON));
    expect(
      (await post('/api/campaigns/covid-over80/confirm', { fiscalCode: fiscalCodes.get(parent), code })).status,
    ).toBe(201);
  }
  const region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  expect((await post('/api/scheduling/allocate', { campaign: 'covid-over80' }, region)).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('the campaign contact phone', () => {
  it('gets each parent’s code and confirmation, each naming whose it is', async () => {
    const codes = await sms(`recipient = $1 AND lane = 'otp'`, SON);
    expect(codes.map((m) => /codice di adesione di (\w+ \w\.)/.exec(m.body)?.[1])).toEqual(['Maria B.', 'Giuseppe L.']);
    const confirmations = await sms(`recipient = $1 AND idempotency_key LIKE 'enrollment:%:confirmed'`, SON);
    expect(confirmations.map((m) => /adesione di (\w+ \w\.)/.exec(m.body)?.[1])).toEqual(['Maria B.', 'Giuseppe L.']);
  });

  it('gets the appointment SMS of both parents, and their registry phones get none', async () => {
    const booked = await until(
      () =>
        sms(
          `idempotency_key LIKE 'appointment:%:booked' AND (recipient = $1 OR recipient = $2 OR recipient = $3)`,
          SON,
          citizen('maria.brambilla')?.phone,
          citizen('giuseppe.locatelli')?.phone,
        ),
      (rows) => rows.length >= 2,
      'two appointment SMS',
    );
    expect(booked.map((m) => m.to)).toEqual([SON, SON]);
    expect(booked.map((m) => /appuntamento di (\w+ \w\.)/.exec(m.body)?.[1]).sort()).toEqual([
      'Giuseppe L.',
      'Maria B.',
    ]);
    expect(booked[0]?.body).toContain('"I miei appuntamenti"');
  });

  it('texts a move to the contact, with the new date, and the reminder follows the appointment', async () => {
    const maria = await loginAs(platform.baseUrl, 'maria.brambilla');
    const before = (await (
      await fetch(`${platform.baseUrl}/api/me/appointments`, { headers: { cookie: maria.jar.header() } })
    ).json()) as Appt[];
    const first = before.find((a) => a.doseNumber === 1);
    if (first === undefined) throw new Error('Maria has no first dose');
    const moved = await post(
      `/api/appointments/${first.id}/move`,
      { day: addDays(first.day, 2), centreCode: first.centre.code },
      maria,
    );
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as Appt[];
    const [newFirst, newSecond] = [after.find((a) => a.doseNumber === 1), after.find((a) => a.doseNumber === 2)];
    if (newFirst === undefined || newSecond === undefined) throw new Error('the move lost a dose');
    const notice = await sms(`idempotency_key = $1`, `appointment:${newFirst.id}:moved`);
    expect(notice).toHaveLength(1);
    expect(notice[0]?.to).toBe(SON);
    expect(notice[0]?.body).toContain('Maria B.');
    expect(notice[0]?.body).toContain('spostato');
    expect(notice[0]?.body).toContain(dayMonth(newFirst.startsAt));
    expect(notice[0]?.body).toContain(
      'Seconda dose: ' +
        new Date(newSecond.startsAt).toLocaleString('it-IT', {
          timeZone: 'Europe/Rome',
          weekday: 'long',
          day: 'numeric',
          month: 'long',
        }),
    );
    expect(notice[0]?.body).toContain('"I miei appuntamenti"');

    // The daily reminder task, for the old day and for the new one, with the platform's outbox.
    const outbox = {
      enqueue: async (
        trx: Parameters<typeof enqueueMessage>[0],
        m: Parameters<typeof enqueueMessage>[1],
      ): Promise<void> => {
        await enqueueMessage(trx, m);
      },
    };
    await sendReminders(platform.db.kysely, outbox, first.day);
    await sendReminders(platform.db.kysely, outbox, newFirst.day);
    expect(await sms(`idempotency_key = $1`, `appointment:${first.id}:reminder`)).toEqual([]);
    const reminder = await sms(`idempotency_key = $1`, `appointment:${newFirst.id}:reminder`);
    expect(reminder.map((m) => m.to)).toEqual([SON]);
    expect(reminder[0]?.body).toContain('promemoria per Maria B.');
  });

  it('texts a cancellation to the contact, saying the second dose went with the first', async () => {
    const giuseppe = await loginAs(platform.baseUrl, 'giuseppe.locatelli');
    const list = (await (
      await fetch(`${platform.baseUrl}/api/me/appointments`, { headers: { cookie: giuseppe.jar.header() } })
    ).json()) as Appt[];
    const first = list.find((a) => a.doseNumber === 1);
    if (first === undefined) throw new Error('Giuseppe has no first dose');
    expect((await post(`/api/appointments/${first.id}/cancel`, undefined, giuseppe)).status).toBe(204);
    const notice = await sms(`idempotency_key = $1`, `appointment:${first.id}:cancelled`);
    expect(notice.map((m) => m.to)).toEqual([SON]);
    expect(notice[0]?.body).toContain('Giuseppe L.');
    expect(notice[0]?.body).toContain('annullato');
    expect(notice[0]?.body).toContain(dayMonth(first.startsAt));
    expect(notice[0]?.body).toContain('Anche la seconda dose è annullata');
    // No campaign SMS ever reached the parents' own registry phones (the FSE texts them about documents).
    expect(
      await sms(
        `(recipient = $1 OR recipient = $2) AND (idempotency_key LIKE 'appointment:%'
          OR idempotency_key LIKE 'enrollment%')`,
        citizen('maria.brambilla')?.phone,
        citizen('giuseppe.locatelli')?.phone,
      ),
    ).toEqual([]);
  });
});
