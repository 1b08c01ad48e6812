import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';
import { untilAdmitted, untilRoomActive } from '../../test/helpers/waitroom.ts';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';

let one: TestPlatform;
let two: TestPlatform;
let accounts: { username: string; fiscalCode: string | null }[];
const CAMPAIGN = 'covid-over80';
const cf = (username: string): string => accounts.find((a) => a.username === username)?.fiscalCode ?? '';
const draftOf = (username: string) => ({
  fiscalCode: cf(username),
  healthCardNumber: demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === username)),
  mobilePhone: DEMO_CITIZENS.find((c) => c.username === username)?.phone ?? '',
});
const post = (base: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('two API processes sharing one waiting room', () => {
  beforeAll(async () => {
    one = await startTestPlatform({ demoCitizens: 50 });
    two = await startTestPlatform({
      demoCitizens: 50,
      databaseUrl: one.databaseUrl,
      databaseOwnerUrl: one.databaseOwnerUrl,
      dataDir: one.dataDir,
    });
    accounts = ((await (await fetch(`${one.baseUrl}/api/demo`)).json()) as { accounts: typeof accounts }).accounts;
    const region = await loginAs(one.baseUrl, 'regione.fontana', { as: 'operator' });
    const opened = await fetch(`${one.baseUrl}/api/waitroom/${CAMPAIGN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: region.jar.header(), 'x-csrf-token': region.csrf },
      body: JSON.stringify({
        active: true,
        opensAt: new Date(Date.now() - 1000).toISOString(),
        admitPerMinute: 120,
        holdMinutes: 5,
      }),
    });
    expect(opened.status).toBe(200);
    // Both instances see the room within their one-second refresh.
    await Promise.all([untilRoomActive(one.baseUrl, CAMPAIGN), untilRoomActive(two.baseUrl, CAMPAIGN)]);
  }, 120_000);
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('refuses enrollment without an admission token on either instance, pointing to the waiting room', async () => {
    for (const base of [one.baseUrl, two.baseUrl]) {
      const refused = await post(base, `/api/campaigns/${CAMPAIGN}/drafts`, draftOf('maria.brambilla'));
      expect(refused.status).toBe(403);
      const problem = (await refused.json()) as { code: string; detail: string };
      expect(problem.code).toBe('waitroom.admission_required');
      expect(problem.detail).toContain(`/sala-attesa.html?c=${CAMPAIGN}`);
      const forged = await post(base, `/api/campaigns/${CAMPAIGN}/drafts`, draftOf('maria.brambilla'), {
        'x-admission': 'e30.AAAAAAAAAAAAAAAAAAAAAA',
      });
      expect(forged.status).toBe(403);
    }
  });

  it('admits a ticket taken on one instance when polled on the other, and the token works on both', async () => {
    const joined = (await (await post(one.baseUrl, `/api/waitroom/${CAMPAIGN}/join`, undefined)).json()) as {
      state: string;
      ticket: string;
      position: number;
    };
    expect(joined.state).toBe('waiting');
    const admission = await untilAdmitted(two.baseUrl, CAMPAIGN, joined.ticket);
    expect(admission).not.toBe('');
    const submitted = await post(one.baseUrl, `/api/campaigns/${CAMPAIGN}/drafts`, draftOf('maria.brambilla'), {
      'x-admission': admission,
    });
    expect(submitted.status).toBe(202);
    // The code confirms without any token: the SMS may come long after (the 2021 failure).
    const confirmed = await post(two.baseUrl, `/api/campaigns/${CAMPAIGN}/confirm`, {
      fiscalCode: cf('maria.brambilla'),
      code: codeIn(await lastQueuedSms(one.db, draftOf('maria.brambilla').mobilePhone)),
    });
    expect(confirmed.status).toBe(201);
    const resubmitted = await post(two.baseUrl, `/api/campaigns/${CAMPAIGN}/drafts`, draftOf('giuseppe.locatelli'), {
      'x-admission': admission,
    });
    expect(resubmitted.status).toBe(202);
  });

  it('queues citizens logged in with SPID too: enrolling oneself needs an admission', async () => {
    const citizen = await loginAs(two.baseUrl, 'giuseppe.locatelli');
    const auth = { cookie: citizen.jar.header(), 'x-csrf-token': citizen.csrf };
    const refused = await post(two.baseUrl, `/api/campaigns/${CAMPAIGN}/enrollments/me`, undefined, auth);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('waitroom.admission_required');
    const joined = (await (await post(two.baseUrl, `/api/waitroom/${CAMPAIGN}/join`, undefined)).json()) as {
      ticket: string;
    };
    const admission = await untilAdmitted(one.baseUrl, CAMPAIGN, joined.ticket);
    const enrolled = await post(two.baseUrl, `/api/campaigns/${CAMPAIGN}/enrollments/me`, undefined, {
      ...auth,
      'x-admission': admission,
    });
    expect(enrolled.status).toBe(201);
  });

  it('does not queue operators: a pharmacist enrolls a citizen while the room is active', async () => {
    const pharmacist = await loginAs(two.baseUrl, 'farm.galli', { as: 'operator' });
    const { fiscalCode, healthCardNumber } = draftOf('ernesto.pozzi');
    const enrolled = await post(
      two.baseUrl,
      `/api/campaigns/${CAMPAIGN}/enrollments`,
      { fiscalCode, healthCardNumber },
      { cookie: pharmacist.jar.header(), 'x-csrf-token': pharmacist.csrf },
    );
    expect(enrolled.status).toBe(201);
  });

  it('shows the same room on both instances, and its size and rate as metrics', async () => {
    // Each instance refreshes its copy of the room about once a second: they agree within that.
    await vi.waitFor(
      async () => {
        const [a, b] = await Promise.all(
          [one, two].map(
            async (p) =>
              (await (await fetch(`${p.baseUrl}/api/waitroom/${CAMPAIGN}`)).json()) as {
                admitted: number;
                issued: number;
              },
          ),
        );
        expect(a?.issued).toBe(b?.issued);
        expect(a?.admitted).toBeGreaterThanOrEqual(1);
      },
      { timeout: 3_000, interval: 200 },
    );
    const metrics = await (await fetch(`${two.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/salus_waitroom_waiting\{campaign="covid-over80"\} \d+/);
    expect(metrics).toMatch(/salus_waitroom_admit_rate_per_minute\{campaign="covid-over80"\} 120/);
    expect(metrics).toMatch(/salus_waitroom_estimated_wait_seconds\{campaign="covid-over80"\} \d+/);
  });
});
