/**
 * Issue 17: arrival, dose and no-show are allowed on the day's appointments only, so a fresh
 * demo must have appointments today at the demo centre (vacc.ferrari's Fiera Milano City) for
 * the centre's journey to be tried at all, and a restart must not add more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { romeDay } from '../shared/rome-day.ts';

let platform: TestPlatform;
const today = romeDay(new Date());
type DayList = { items: { id: number; status: string; doseNumber: number; birthDate: string }[] };

const counts = async () =>
  (
    await platform.db.pool.query<{ appointments: number; enrollments: number; capacity: string; supply: string }>(
      `SELECT (SELECT count(*)::int FROM appointments) AS appointments, (SELECT count(*)::int
        FROM enrollments) AS enrollments,
          (SELECT string_agg(concat_ws(':', centre_id, day, product, doses, booked), ',' ORDER BY centre_id, day,
            product)
             FROM centre_capacity WHERE booked > 0) AS capacity,
          (SELECT string_agg(concat_ws(':', province_code, day, product, doses, booked), ',' ORDER BY province_code,
            day, product)
             FROM vaccine_supply WHERE booked > 0) AS supply`,
    )
  ).rows[0];

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 300, env: { SALUS_DEMO_TODAY: '6' } });
});
afterAll(async () => {
  await platform.close();
});

describe("today's demo appointments", () => {
  it("are on the demo vaccinator's day list, booked, for over-80s", async () => {
    const vaccinator = await loginAs(platform.baseUrl, 'vacc.ferrari', { as: 'operator' });
    const response = await fetch(`${platform.baseUrl}/api/centre/appointments?day=${today}`, {
      headers: { cookie: vaccinator.jar.header() },
    });
    expect(response.status).toBe(200);
    const list = (await response.json()) as DayList;
    expect(list.items).toHaveLength(6);
    for (const item of list.items) {
      expect(item.status).toBe('booked');
      expect(item.doseNumber).toBe(1);
      expect(Number(today.slice(0, 4)) - Number(item.birthDate.slice(0, 4))).toBeGreaterThanOrEqual(80);
    }
  });

  it('count in capacity and supply: every booked figure equals its appointments', async () => {
    const { rows } = await platform.db.pool.query<{ wrong: number }>(`
      SELECT count(*)::int AS wrong FROM centre_capacity cc
      WHERE cc.booked <> (SELECT count(*) FROM appointments a WHERE a.centre_id = cc.centre_id AND a.day = cc.day
                            AND a.product = cc.product AND a.status IN ('booked', 'checked_in', 'done'))`);
    expect(rows[0]?.wrong).toBe(0);
    const supply = await platform.db.pool.query<{ wrong: number }>(`
      SELECT count(*)::int AS wrong FROM vaccine_supply s
      WHERE s.booked <> (SELECT count(*) FROM appointments a JOIN centres c ON c.id = a.centre_id
        WHERE c.province_code = s.province_code
                           AND a.day = s.day AND a.product = s.product AND a.status IN ('booked', 'checked_in',
                             'done'))`);
    expect(supply.rows[0]?.wrong).toBe(0);
  });

  it('are not added again by a second start on the same database', async () => {
    const before = await counts();
    const second = await startTestPlatform({
      databaseUrl: platform.databaseUrl,
      databaseOwnerUrl: platform.databaseOwnerUrl,
      dataDir: platform.dataDir,
      env: { SALUS_DEMO_TODAY: '6' },
    });
    try {
      expect(await counts()).toEqual(before);
    } finally {
      await second.close();
    }
  });
});
