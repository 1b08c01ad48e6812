/**
 * Issue 17 (Major 2): a newcomer could not find a single health-card number, yet web
 * enrollment, the pharmacy, walk-ins and /certificato all ask for one. In demo mode
 * /api/demo now lists the named citizens with codice fiscale, health card and phone, and
 * eligible synthetic over-80s not yet enrolled, picked from the registry at request time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';
import { romeDay } from '../shared/rome-day.ts';

interface Person {
  name: string;
  fiscalCode: string;
  healthCard: string;
  phone: string;
  birthDate: string;
  municipality: string;
}
interface Demo {
  enabled: boolean;
  accounts: {
    role: string;
    username: string;
    fiscalCode: string | null;
    healthCard: string | null;
    phone: string | null;
  }[];
  notEnrolled?: Person[];
}

let platform: TestPlatform;
const demo = async (): Promise<Demo> => (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as Demo;
const row = async (fiscalCode: string) =>
  (
    await platform.db.pool.query<{
      health_card_number: string;
      mobile_phone: string;
      birth_date: string;
      synthetic_seed: number | null;
      enrolled: boolean;
    }>(
      `SELECT c.health_card_number, c.mobile_phone, c.birth_date::text AS birth_date, c.synthetic_seed,
            EXISTS (SELECT 1 FROM enrollments e WHERE e.citizen_id = c.id) AS enrolled
     FROM citizens c WHERE c.fiscal_code = $1`,
      [fiscalCode],
    )
  ).rows[0];
const post = (path: string, body: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 300 });
});
afterAll(async () => {
  await platform.close();
});

describe('the demo people on /api/demo', () => {
  it('gives each named citizen the codice fiscale, health card and phone the registry holds', async () => {
    const citizens = (await demo()).accounts.filter((a) => a.role === 'citizen');
    expect(citizens.map((c) => c.username)).toContain('maria.brambilla');
    for (const c of citizens) {
      const stored = await row(c.fiscalCode ?? '');
      expect(stored, c.username).toBeDefined();
      expect(c.healthCard).toBe(stored?.health_card_number);
      expect(c.phone).toBe(stored?.mobile_phone);
    }
  });

  it('lists five eligible synthetic over-80s not yet enrolled, the same on every request', async () => {
    const first = (await demo()).notEnrolled ?? [];
    expect(first).toHaveLength(5);
    const eightyYearsAgo = `${Number(romeDay(new Date()).slice(0, 4)) - 80}${romeDay(new Date()).slice(4)}`;
    for (const p of first) {
      const stored = await row(p.fiscalCode);
      expect(stored?.synthetic_seed, p.fiscalCode).not.toBeNull();
      expect(stored?.enrolled).toBe(false);
      expect(stored?.health_card_number).toBe(p.healthCard);
      expect(stored?.mobile_phone).toBe(p.phone);
      expect(p.birthDate <= eightyYearsAgo).toBe(true);
    }
    expect((await demo()).notEnrolled).toEqual(first);
  });

  it('drops a person once enrolled with the data shown, and shows the next one', async () => {
    const before = (await demo()).notEnrolled ?? [];
    const person = before[0];
    if (person === undefined) throw new Error('no one to enroll');
    const submitted = await post('/api/campaigns/covid-over80/drafts', {
      fiscalCode: person.fiscalCode,
      healthCardNumber: person.healthCard,
      mobilePhone: person.phone,
    });
    expect(submitted.status).toBe(202);
    const confirmed = await post('/api/campaigns/covid-over80/confirm', {
      fiscalCode: person.fiscalCode,
      code: codeIn(await lastQueuedSms(platform.db, person.phone)),
    });
    expect(confirmed.status).toBe(201);
    const after = (await demo()).notEnrolled ?? [];
    expect(after.map((p) => p.fiscalCode)).not.toContain(person.fiscalCode);
    expect(after).toHaveLength(5);
    expect(after.slice(0, 4)).toEqual(before.slice(1));
  });
});

describe('the health card on the profile and the GP record', () => {
  it('is given to the citizen and to their GP, the same as on /api/demo', async () => {
    const maria = (await demo()).accounts.find((a) => a.username === 'maria.brambilla');
    const path = `/api/citizens/${maria?.fiscalCode ?? ''}`;
    const stored = (await row(maria?.fiscalCode ?? ''))?.health_card_number;
    expect(stored).toMatch(/^\d{20}$/);
    expect(maria?.healthCard).toBe(stored);
    for (const [username, as] of [
      ['maria.brambilla', 'citizen'],
      ['mmg.colombo', 'operator'],
    ] as const) {
      const session = await loginAs(platform.baseUrl, username, { as });
      const response = await fetch(`${platform.baseUrl}${path}`, { headers: { cookie: session.jar.header() } });
      expect(response.status, username).toBe(200);
      expect(((await response.json()) as { healthCardNumber: string }).healthCardNumber, username).toBe(stored);
    }
  });
});

describe('outside demo mode', () => {
  let production: TestPlatform;
  beforeAll(async () => {
    production = await startTestPlatform({ demoCitizens: 0, env: { SALUS_DEMO: 'false' } });
  });
  afterAll(async () => {
    await production.close();
  });

  it('lists no one', async () => {
    const answer = (await (await fetch(`${production.baseUrl}/api/demo`)).json()) as Demo;
    expect(answer).toEqual({ enabled: false, password: null, facilityClient: null, accounts: [] });
  });
});
