/**
 * Issue 16 (Low): a vaccinator could record a dose dated 2030, and on an appointment days
 * ahead, and the Green Pass job then failed for good. Arrival, dose and no-show are now for
 * the day's appointments only, the dose time is now or earlier today, and the job leaves a
 * dose dated in the future (recorded before this check) uncertified instead of failing.
 * Issue 17: a no-show on a first dose cancelled the second one without a word to the citizen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { rebook } from '../../test/helpers/appointments.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { romeDay } from '../shared/rome-day.ts';

let platform: TestPlatform;
let vaccinator: LoggedIn;
let codes: Map<string, string>;
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const api = (path: string, s: LoggedIn, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { cookie: s.jar.header(), 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
type Problem = { status: number; code: string; errors?: { field: string }[] };

/** The first-dose appointment of a demo citizen, put at the vaccinator's hub on `day`. */
async function firstDoseAtHub(username: string, day: string): Promise<number> {
  const { rows } = await platform.db.pool.query<{ id: number }>(
    `SELECT a.id FROM appointments a JOIN citizens c ON c.id = a.citizen_id WHERE c.fiscal_code = $1
      AND a.dose_number = 1 AND a.status = 'booked'`,
    [codes.get(username)],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no first dose booked for ${username}`);
  await rebook(platform.db, id, { day, centreCode: 'HUB-MI-001' });
  return id;
}
const statusOf = async (id: number): Promise<string | undefined> =>
  (await platform.db.pool.query<{ status: string }>('SELECT status FROM appointments WHERE id = $1', [id])).rows[0]
    ?.status;
const dosesOf = async (id: number): Promise<number | undefined> =>
  (
    await platform.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM vaccinations WHERE appointment_id = $1',
      [id],
    )
  ).rows[0]?.n;

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
  for (const who of ['maria.brambilla', 'giuseppe.locatelli', 'ernesto.pozzi']) {
    expect(
      (
        await api('/api/campaigns/covid-over80/enrollments', pharmacist, 'POST', {
          fiscalCode: codes.get(who),
          healthCardNumber: card(who),
        })
      ).status,
    ).toBe(201);
  }
  const region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  expect((await api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' })).status).toBe(200);
  vaccinator = await loginAs(platform.baseUrl, 'vacc.ferrari', { as: 'operator' });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('an appointment of another day', () => {
  it('cannot be checked in, given its dose or marked a no-show, days ahead or days past', async () => {
    const ahead = await firstDoseAtHub('maria.brambilla', romeDay(new Date(), 2));
    const past = await firstDoseAtHub('ernesto.pozzi', romeDay(new Date(), -1));
    for (const id of [ahead, past]) {
      for (const [action, body] of [
        ['check-in', undefined],
        ['dose', { lot: 'FF1234' }],
        ['no-show', undefined],
      ] as const) {
        const response = await api(`/api/centre/appointments/${id}/${action}`, vaccinator, 'POST', body);
        expect(response.status, `${action} ${id}`).toBe(409);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(((await response.json()) as Problem).code).toBe('scheduling.not_today');
      }
      expect(await statusOf(id)).toBe('booked');
      expect(await dosesOf(id)).toBe(0);
    }
  });
});

describe('the dose time', () => {
  it('is refused in the future or on an earlier day, and a few minutes of clock skew are recorded as now', async () => {
    const today = await firstDoseAtHub('giuseppe.locatelli', romeDay(new Date()));
    const dose = (administeredAt: string) =>
      api(`/api/centre/appointments/${today}/dose`, vaccinator, 'POST', { lot: 'FF1234', administeredAt });
    const future = (await (await dose('2030-01-01T10:00:00Z')).json()) as Problem;
    expect(future).toMatchObject({
      status: 400,
      code: 'scheduling.dose_in_future',
      errors: [{ field: '/administeredAt' }],
    });
    const yesterday = (await (await dose(new Date(Date.now() - 30 * 3_600_000).toISOString())).json()) as Problem;
    expect(yesterday).toMatchObject({
      status: 400,
      code: 'scheduling.dose_not_today',
      errors: [{ field: '/administeredAt' }],
    });
    expect(await dosesOf(today)).toBe(0);

    const skewed = await dose(new Date(Date.now() + 2 * 60_000).toISOString());
    expect(skewed.status).toBe(201);
    const answered = Date.now();
    const { rows } = await platform.db.pool.query<{ administered_at: Date }>(
      'SELECT administered_at FROM vaccinations WHERE appointment_id = $1',
      [today],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.administered_at.getTime()).toBeLessThanOrEqual(answered);
  });
});

describe('the Green Pass job', () => {
  it('leaves a dose dated in the future uncertified instead of failing again and again', async () => {
    // A row as the centre wrote it before the check: dated 2030.
    const { rows } = await platform.db.pool.query<{ id: number }>(
      `
      INSERT INTO vaccinations (citizen_id, centre_id, product, lot, dose_number, administered_at, staff_operator_id)
      SELECT c.id, ce.id, 'Vaxzevria', 'FF1234', 1, '2030-01-01T10:00:00Z', o.id
      FROM citizens c, centres ce, operators o
      WHERE c.fiscal_code = $1 AND ce.code = 'HUB-MI-001' AND o.username = 'vacc.ferrari' RETURNING id`,
      [codes.get('maria.brambilla')],
    );
    const id = rows[0]?.id ?? 0;
    await platform.db.pool.query(
      `SELECT graphile_worker.add_job('certificates_issue_vaccination', json_build_object('vaccinationId', $1::bigint),
        job_key => $2, max_attempts => 10)`,
      [id, `dcc:vaccination:${id}`],
    );
    const job = async (): Promise<string> => {
      const found = await platform.db.pool.query<{ last_error: string | null }>(
        'SELECT last_error FROM graphile_worker.jobs WHERE key = $1',
        [`dcc:vaccination:${id}`],
      );
      const row = found.rows[0];
      return row === undefined ? 'completed' : row.last_error === null ? 'waiting' : `failed: ${row.last_error}`;
    };
    await expect.poll(job, { timeout: 20_000, interval: 250 }).not.toBe('waiting');
    expect(await job()).toBe('completed');
    const certificates = await platform.db.pool.query('SELECT uvci FROM dcc_certificates WHERE source_ref = $1', [
      `Immunization/${id}`,
    ]);
    expect(certificates.rows).toEqual([]);
  });
});

describe('a no-show on a first dose', () => {
  it('cancels the second dose and texts the citizen once, even when marked twice', async () => {
    const first = await firstDoseAtHub('maria.brambilla', romeDay(new Date()));
    const {
      rows: [second],
    } = await platform.db.pool.query<{ id: string }>(
      `SELECT b.id FROM appointments a JOIN appointments b ON b.enrollment_id = a.enrollment_id AND b.dose_number = 2
        WHERE a.id = $1 AND b.status = 'booked'`,
      [first],
    );
    if (second === undefined) throw new Error('Maria has no second dose booked');
    for (let i = 0; i < 2; i++)
      expect((await api(`/api/centre/appointments/${first}/no-show`, vaccinator, 'POST')).status).toBe(204);
    expect(await statusOf(Number(second.id))).toBe('cancelled');
    const { rows: texts } = await platform.db.pool.query<{ recipient: string; body: string }>(
      `SELECT recipient, body FROM notify_messages WHERE idempotency_key IN ($1, $2)`,
      [`appointment:${first}:cancelled`, `appointment:${second.id}:cancelled`],
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]?.recipient).toMatch(/^\+39\d+$/);
    expect(texts[0]?.body).toContain('Maria B.');
    expect(texts[0]?.body).toContain('dose 2');
    expect(texts[0]?.body).toContain('annullato');
  });
});
