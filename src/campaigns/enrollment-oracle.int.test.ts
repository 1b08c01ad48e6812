import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms, linkTokenIn } from '../../test/helpers/sms.ts';

// Issue 16, Medium 5: the enrollment status of a codice fiscale is told only to whoever proves the
// phone (the code or the link of the SMS), never to someone who only knows the codice fiscale.

let platform: TestPlatform;
let fiscalCodes: Map<string, string>;
const card = (username: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === username));
const phone = (username: string): string => DEMO_CITIZENS.find((c) => c.username === username)?.phone ?? '';
const cf = (username: string): string => fiscalCodes.get(username) ?? '';
const UNKNOWN_CF = 'RSSMRA38T03F205N';

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
const confirm = (fiscalCode: string, code: string) => post('/api/campaigns/covid-over80/confirm', { fiscalCode, code });

/** What a caller can tell apart: the status and the body without the per-request fields. */
async function observable(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  delete body.instance;
  delete body.requestId;
  return { status: response.status, body };
}

const otherThan = (code: string): string => (code === '000000' ? '111111' : '000000');

beforeAll(async () => {
  platform = await startTestPlatform({
    demoCitizens: 20,
    env: { RATE_LIMIT_VERIFY_PER_IP: '500', RATE_LIMIT_SUBMIT_PER_IP: '500' },
  });
  const demo = (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
    accounts: { username: string; fiscalCode: string | null }[];
  };
  fiscalCodes = new Map(demo.accounts.map((a) => [a.username, a.fiscalCode ?? '']));

  // Giuseppe is enrolled at the pharmacy; Maria through the portal with the SMS code; Ernesto is not enrolled.
  const pharmacist = await loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' });
  const byPharmacy = await post(
    '/api/campaigns/covid-over80/enrollments',
    { fiscalCode: cf('giuseppe.locatelli'), healthCardNumber: card('giuseppe.locatelli') },
    { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf },
  );
  expect(byPharmacy.status).toBe(201);
  expect((await submit('maria.brambilla')).status).toBe(202);
  const byCode = await confirm(
    cf('maria.brambilla'),
    codeIn(await lastQueuedSms(platform.db, phone('maria.brambilla'))),
  );
  expect(byCode.status).toBe(201);
});
afterAll(async () => {
  await platform.close();
});

describe('a wrong code', () => {
  it('gets the same answer for an enrolled, a not enrolled and an unknown codice fiscale', async () => {
    const mariaCode = codeIn(await lastQueuedSms(platform.db, phone('maria.brambilla')));
    const answers = {
      unknown: await observable(await confirm(UNKNOWN_CF, '123456')),
      notEnrolled: await observable(await confirm(cf('ernesto.pozzi'), '123456')),
      enrolledAtPharmacy: await observable(await confirm(cf('giuseppe.locatelli'), '123456')),
      enrolledWithCode: await observable(await confirm(cf('maria.brambilla'), otherThan(mariaCode))),
    };
    expect(answers.unknown.status).toBe(400);
    expect(answers.unknown.body.code).toBe('campaign.code_invalid');
    expect(answers.notEnrolled).toEqual(answers.unknown);
    expect(answers.enrolledAtPharmacy).toEqual(answers.unknown);
    expect(answers.enrolledWithCode).toEqual(answers.unknown);
  });
});

describe('submitting the form again', () => {
  it('for someone enrolled elsewhere is accepted like any submission, and the SMS code then tells', async () => {
    const unknown = await post('/api/campaigns/covid-over80/drafts', {
      fiscalCode: UNKNOWN_CF,
      healthCardNumber: card('maria.brambilla'),
      mobilePhone: '+393331112223',
    });
    const enrolled = await submit('giuseppe.locatelli');
    expect(await observable(enrolled)).toEqual(await observable(unknown));
    expect(enrolled.status).toBe(202);

    const sms = await lastQueuedSms(platform.db, phone('giuseppe.locatelli'));
    const wrong = await confirm(cf('giuseppe.locatelli'), otherThan(codeIn(sms)));
    expect((await observable(wrong)).body).toEqual((await observable(await confirm(UNKNOWN_CF, '123456'))).body);

    const right = await confirm(cf('giuseppe.locatelli'), codeIn(sms));
    expect(right.status).toBe(409);
    const problem = (await right.json()) as { code: string; detail: string };
    expect(problem.code).toBe('campaign.already_enrolled');
    expect(problem.detail).toContain('through the pharmacy');
    // The link of the same SMS tells it too.
    expect((await post('/api/enrollments/resume', { token: linkTokenIn(sms) })).status).toBe(409);
    const { rows } = await platform.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM enrollments e JOIN citizens c ON c.id = e.citizen_id WHERE c.fiscal_code = $1',
      [cf('giuseppe.locatelli')],
    );
    expect(rows[0]?.n).toBe(1);
  });
});

describe('the right code', () => {
  it('typed again after enrolling says when and how the citizen enrolled', async () => {
    const again = await confirm(
      cf('maria.brambilla'),
      codeIn(await lastQueuedSms(platform.db, phone('maria.brambilla'))),
    );
    expect(again.status).toBe(409);
    const problem = (await again.json()) as { code: string; detail: string };
    expect(problem.code).toBe('campaign.already_enrolled');
    expect(problem.detail).toContain('through the citizen portal');
  });
});
