import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { rebook } from '../../test/helpers/appointments.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { romeDay } from '../shared/rome-day.ts';

let platform: TestPlatform;
let maria: LoggedIn;
let giuseppe: LoggedIn;
let vaccinator: LoggedIn;
let region: LoggedIn;
interface Appt {
  id: number;
  doseNumber: number;
  day: string;
  product: string;
  centre: { code: string };
  canMove: boolean;
  status: string;
}

const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const api = (path: string, s: LoggedIn, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { cookie: s.jar.header(), 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  const codes = new Map(
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
  region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  expect((await api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' })).status).toBe(200);
  maria = await loginAs(platform.baseUrl, 'maria.brambilla');
  giuseppe = await loginAs(platform.baseUrl, 'giuseppe.locatelli');
  vaccinator = await loginAs(platform.baseUrl, 'vacc.ferrari', { as: 'operator' });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

const mine = async (s: LoggedIn) => (await (await api('/api/me/appointments', s)).json()) as Appt[];

describe('the citizen’s appointments', () => {
  it('lists both doses and moves the first once, taking dose 2 along at the interval', async () => {
    const [first, second] = await mine(maria);
    expect(first?.doseNumber).toBe(1);
    expect(second?.doseNumber).toBe(2);
    const target = addDays(first?.day ?? '', 3);
    const moved = await api(`/api/appointments/${first?.id ?? 0}/move`, maria, 'POST', {
      day: target,
      centreCode: first?.centre.code,
    });
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as Appt[];
    expect(after[0]?.day).toBe(target);
    const gap = (Date.parse(after[1]?.day ?? '') - Date.parse(target)) / 86_400_000;
    expect(gap).toBe(first?.product === 'Spikevax' ? 28 : 21);
    expect(after[0]?.canMove).toBe(false);
    const again = await api(`/api/appointments/${after[0]?.id ?? 0}/move`, maria, 'POST', {
      day: addDays(target, 1),
      centreCode: first?.centre.code,
    });
    expect(again.status).toBe(409);
  });

  it('refuses a second-dose day outside the vaccine window', async () => {
    const list = await mine(giuseppe);
    const second = list.find((a) => a.doseNumber === 2);
    const first = list.find((a) => a.doseNumber === 1);
    const response = await api(`/api/appointments/${second?.id ?? 0}/move`, giuseppe, 'POST', {
      day: addDays(first?.day ?? '', 60),
      centreCode: second?.centre.code,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('scheduling.outside_window');
  });

  it('does not let one citizen touch another’s appointment', async () => {
    const [first] = await mine(maria);
    const response = await api(`/api/appointments/${first?.id ?? 0}/cancel`, giuseppe, 'POST');
    expect(response.status).toBe(404);
  });

  it('cancels, giving the doses back for the next person', async () => {
    const before = await platform.db.pool.query<{ n: number }>('SELECT sum(booked)::int AS n FROM centre_capacity');
    const [first] = await mine(giuseppe);
    expect((await api(`/api/appointments/${first?.id ?? 0}/cancel`, giuseppe, 'POST')).status).toBe(204);
    const after = await platform.db.pool.query<{ n: number }>('SELECT sum(booked)::int AS n FROM centre_capacity');
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) - 2);
    expect(await mine(giuseppe)).toEqual([]);
  });
});

describe('the vaccination day', () => {
  it('shows the centre’s day list, checks in, records the dose once, sends a no-show back to the queue', async () => {
    const { rows } = await platform.db.pool.query<{ day: string; id: number; citizen_id: number }>(
      `SELECT a.day::text AS day, a.id, a.citizen_id FROM appointments a JOIN centres c ON c.id = a.centre_id
        WHERE c.code = 'HUB-MI-001' AND a.status = 'booked' AND a.dose_number = 1 ORDER BY a.day LIMIT 2`,
    );
    if (rows[0] === undefined) throw new Error('no appointment at the demo hub');
    // The day comes: arrival, dose and no-show are recorded on the appointment's day only.
    for (const row of rows) {
      await rebook(platform.db, row.id, { day: romeDay(new Date()) });
      row.day = romeDay(new Date());
    }
    const appt = rows[0];
    const list = (await (await api(`/api/centre/appointments?day=${appt.day}`, vaccinator)).json()) as {
      items: { id: number }[];
    };
    expect(list.items.map((i) => i.id)).toContain(appt.id);
    expect((await api(`/api/centre/appointments/${appt.id}/check-in`, vaccinator, 'POST')).status).toBe(204);
    const dose = await api(`/api/centre/appointments/${appt.id}/dose`, vaccinator, 'POST', { lot: 'FF1234' });
    expect(dose.status).toBe(201);
    const again = await api(`/api/centre/appointments/${appt.id}/dose`, vaccinator, 'POST', { lot: 'FF1234' });
    expect(await again.json()).toEqual(await dose.json());
    const vax = await platform.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM vaccinations WHERE appointment_id = $1',
      [appt.id],
    );
    expect(vax.rows[0]?.n).toBe(1);
    const other = rows[1];
    if (other !== undefined) {
      expect((await api(`/api/centre/appointments/${other.id}/no-show`, vaccinator, 'POST')).status).toBe(204);
      const live = await platform.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM appointments WHERE citizen_id = $1 AND status = 'booked'`,
        [other.citizen_id],
      );
      expect(live.rows[0]?.n).toBe(0);
      const rerun = (await (
        await api('/api/scheduling/allocate', region, 'POST', { campaign: 'covid-over80' })
      ).json()) as { firstDoses: number };
      expect(rerun.firstDoses).toBeGreaterThanOrEqual(1);
    }
  });

  it('writes an access-log entry for every person the day list shows', async () => {
    const { rows } = await platform.db.pool.query<{ day: string }>(
      `SELECT a.day::text AS day FROM appointments a JOIN centres c ON c.id = a.centre_id WHERE c.code = 'HUB-MI-001'
        AND a.status = 'booked' ORDER BY a.day LIMIT 1`,
    );
    const day = rows[0]?.day ?? '';
    const list = (await (await api(`/api/centre/appointments?day=${day}`, vaccinator)).json()) as {
      items: { id: number }[];
    };
    expect(list.items.length).toBeGreaterThan(0);
    const logged = await platform.db.pool.query<{ appointment: number; n: number }>(
      `SELECT a.id AS appointment, count(e.id)::int AS n FROM appointments a
       LEFT JOIN audit_events e ON e.subject_citizen_id = a.citizen_id AND e.actor_role = 'vaccinator'
         AND e.actor_name = 'Marco Ferrari'
         AND e.purpose = 'vaccination-day-list' AND e.resource_type = 'CentreDayList' AND e.resource_id = $2
       WHERE a.id = ANY($1) GROUP BY a.id`,
      [list.items.map((i) => i.id), `HUB-MI-001:${day}`],
    );
    expect(logged.rows).toHaveLength(list.items.length);
    expect(logged.rows.filter((r) => r.n < 1)).toEqual([]);
  });

  it('keeps other centres’ appointments out of reach', async () => {
    const { rows } = await platform.db.pool.query<{ id: number }>(
      `SELECT a.id FROM appointments a JOIN centres c ON c.id = a.centre_id WHERE c.code <> 'HUB-MI-001' LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    expect((await api(`/api/centre/appointments/${rows[0]?.id ?? 0}/check-in`, vaccinator, 'POST')).status).toBe(404);
  });
});
