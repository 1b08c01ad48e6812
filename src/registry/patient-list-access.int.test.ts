// A GP's patient list shows each patient's name, codice fiscale and birth date:
// each patient must find that look in their own access log ("who looked at my data").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let colombo: LoggedIn;

const api = async <T>(path: string, s: LoggedIn): Promise<T> => {
  const response = await fetch(`${platform.baseUrl}${path}`, { headers: { cookie: s.jar.header() } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 30 });
  colombo = await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

describe('the GP’s patient list', () => {
  it('writes an access-log entry for every patient it shows, with the GP, her role and the reason', async () => {
    const page = await api<{ total: number; items: { fiscalCode: string }[] }>('/api/gp/patients?limit=200', colombo);
    expect(page.items.length).toBeGreaterThan(2);
    expect(page.items.map((p) => p.fiscalCode)).toContain('BRMMRA36C52F205C');
    const { rows } = await platform.db.pool.query<{ fiscal_code: string; n: number }>(
      `SELECT c.fiscal_code, count(e.id)::int AS n FROM citizens c
       LEFT JOIN audit_events e ON e.subject_citizen_id = c.id
         AND e.actor_role = 'gp' AND e.actor_name = 'Laura Colombo'
         AND e.purpose = 'patient-list' AND e.resource_type = 'PatientList'
       WHERE c.fiscal_code = ANY($1) GROUP BY c.fiscal_code`,
      [page.items.map((p) => p.fiscalCode)],
    );
    expect(rows).toHaveLength(page.items.length);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  });

  it('shows in the patient’s own access log', async () => {
    await api('/api/gp/patients', colombo);
    const maria = await loginAs(platform.baseUrl, 'maria.brambilla');
    const log = await api<{ items: { who: string; role: string; purpose: string; resourceType: string }[] }>(
      '/api/me/access-log?limit=50',
      maria,
    );
    expect(log.items).toContainEqual(
      expect.objectContaining({
        who: 'Laura Colombo',
        role: 'gp',
        purpose: 'patient-list',
        resourceType: 'PatientList',
      }),
    );
  });

  it('does not write an entry for the GP’s patients the page did not show', async () => {
    const before = await platform.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE purpose = 'patient-list'`,
    );
    const page = await api<{ items: unknown[] }>('/api/gp/patients?limit=1&offset=1', colombo);
    expect(page.items).toHaveLength(1);
    const after = await platform.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE purpose = 'patient-list'`,
    );
    expect((after.rows[0]?.n ?? 0) - (before.rows[0]?.n ?? 0)).toBe(1);
  });
});
