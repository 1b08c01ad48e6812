// One mobile number serves a household, not anyone (issue 17): at most 4 people per campaign
// on one number, refused before any SMS is queued, also when two submits race for the last place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';

interface Person {
  fiscal_code: string;
  health_card_number: string;
}
let platform: TestPlatform;
let people: Person[];

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 300 });
  // Synthetic people of the open "over 80" cohort, none of them enrolled yet.
  const { rows } = await platform.db.pool.query<Person>(`
    SELECT c.fiscal_code, c.health_card_number FROM citizens c
    JOIN campaign_cohorts k ON k.label = 'over 80'
    WHERE c.synthetic_seed IS NOT NULL AND c.birth_date < make_date(k.born_to_year + 1, 1, 1) ORDER BY c.id LIMIT 9`);
  people = rows;
  expect(people).toHaveLength(9);
}, 60_000);
afterAll(async () => {
  await platform.close();
});

const submit = (p: Person | undefined, mobilePhone: string) =>
  fetch(`${platform.baseUrl}/api/campaigns/covid-over80/drafts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fiscalCode: p?.fiscal_code, healthCardNumber: p?.health_card_number, mobilePhone }),
  });
const otpBodies = async (phone: string) =>
  (
    await platform.db.pool.query<{ body: string }>(
      `SELECT body FROM notify_messages WHERE recipient = $1 AND lane = 'otp' ORDER BY id`,
      [phone],
    )
  ).rows.map((r) => r.body);

describe('people per mobile number', () => {
  it('takes 4 people on one number, refuses the 5th before any SMS, and still resends to the 4 it took', async () => {
    const phone = '+393471000401';
    // The first one confirms: an enrollment counts as much as a pending draft.
    expect((await submit(people[0], phone)).status).toBe(202);
    const confirmed = await fetch(`${platform.baseUrl}/api/campaigns/covid-over80/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        fiscalCode: people[0]?.fiscal_code,
        code: codeIn(await lastQueuedSms(platform.db, phone)),
      }),
    });
    expect(confirmed.status).toBe(201);
    for (const p of people.slice(1, 4)) expect((await submit(p, phone)).status).toBe(202);
    const fifth = await submit(people[4], phone);
    expect(fifth.status).toBe(409);
    expect(fifth.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await fifth.json()) as { code: string; detail: string };
    expect(problem.code).toBe('campaign.phone_limit');
    expect(problem.detail).toContain('already used for 4 people');
    expect(await otpBodies(phone)).toHaveLength(4);
    // A person already on the number may ask for the code again.
    expect((await submit(people[3], phone)).status).toBe(202);
    expect(await otpBodies(phone)).toHaveLength(5);
    // The 5th person enrolls with a number of their own.
    expect((await submit(people[4], '+393471000402')).status).toBe(202);
  });

  it('lets only one of two simultaneous submits take the last place on a number', async () => {
    const phone = '+393471000403';
    for (const p of people.slice(5, 7)) expect((await submit(p, phone)).status).toBe(202);
    // people[4] is pending on another number: moving their draft here makes a 3rd.
    expect((await submit(people[4], phone)).status).toBe(202);
    const racing = await Promise.all([submit(people[7], phone), submit(people[8], phone)]);
    expect(racing.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(await otpBodies(phone)).toHaveLength(4);
  });
});
