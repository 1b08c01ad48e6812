import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type LoggedIn } from '../../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { freePort } from '../../../test/helpers/ports.ts';
import { publication } from '../../../test/support/fse2/gateway-client.ts';
import { forwardRepository } from './repository.ts';

// The demo composition (npm start): the bundled national simulator, the supervised relay, the region's page API.
let platform: TestPlatform;
let simulator: string;
let region: LoggedIn;
let gp: LoggedIn;
const poll = { timeout: 30_000, interval: 100 };
const FIXED = publication('REFUSAL-FIXED');
const WRONG = publication('REFUSAL-WRONG');

interface Refusal {
  id: string;
  attempts: number;
  identificativoDoc: string;
  documentType: string | null;
  facility: string | null;
  nationalError: { status: number | null; type: string | null; title: string | null; detail: string | null };
}

beforeAll(async () => {
  const port = await freePort();
  simulator = `http://127.0.0.1:${port}`;
  platform = await startTestPlatform({ demoCitizens: 5, env: { FSE2_NATIONAL_SIMULATOR_PORT: String(port) } });
  await control({ refuse: [FIXED.identificativoDoc, WRONG.identificativoDoc] });
  // Two accepted publications, as the Gateway writes them (forward.int.test.ts covers the Gateway's side).
  const repo = forwardRepository(platform.db.kysely);
  for (const body of [FIXED, WRONG]) {
    await repo.enqueue(platform.db.kysely, {
      operation: 'create',
      identificativoDoc: body.identificativoDoc,
      target: null,
      requestBody: body,
      claims: { subject_organization: 'ASST Spedali Civili', subject_organization_id: '030', action_id: 'CREATE' },
      file: Buffer.from('%PDF-1.4 refused test'),
      documentReferenceId: `dr-${body.identificativoDoc}`,
    });
  }
  [region, gp] = await Promise.all([
    loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' }),
    loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' }),
  ]);
}, 180_000);
afterAll(async () => {
  await platform.close();
});

async function control(body: object): Promise<{ documents: number; accepted: number; refused: number }> {
  const response = await fetch(`${simulator}/sim/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { documents: number; accepted: number; refused: number };
}
const api = (who: LoggedIn, path: string, body?: object) =>
  fetch(`${platform.baseUrl}/api/region/fse2/refused-forwards${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: who.jar.header(),
      ...(body === undefined ? {} : { 'x-csrf-token': who.csrf, 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const refusals = async (): Promise<Refusal[]> => ((await (await api(region, '')).json()) as { items: Refusal[] }).items;
const refusalOf = async (doc: { identificativoDoc: string }) =>
  (await refusals()).find((r) => r.identificativoDoc === doc.identificativoDoc);
const outboxRow = async (identificativoDoc: string) =>
  (
    await sql<{ state: string; attempts: number }>`
      SELECT state, attempts FROM fse2_forward_outbox WHERE identificativo_doc = ${identificativoDoc}`.execute(
      platform.db.kysely,
    )
  ).rows[0];
const resolutions = async (identificativoDoc: string) =>
  (
    await sql<{ action: string; reason: string | null; resolved_by: string; national_error: unknown }>`
      SELECT r.action, r.reason, r.resolved_by, r.national_error FROM fse2_forward_resolutions r
      JOIN fse2_forward_outbox o ON o.id = r.outbox_id WHERE o.identificativo_doc = ${identificativoDoc}
      ORDER BY r.id`.execute(platform.db.kysely)
  ).rows;

describe("the region's refused forwards", () => {
  it('lists a permanent refusal with its document, type, facility and national error', async () => {
    await expect.poll(async () => (await refusals()).length, poll).toBe(2);
    expect(await refusalOf(FIXED)).toMatchObject({
      attempts: 1,
      documentType: 'REF',
      facility: 'ASST Spedali Civili',
      nationalError: {
        status: 400,
        type: '/msg/mandatory-element',
        title: 'Campo obbligatorio mancante',
        detail: `Documento ${FIXED.identificativoDoc} rifiutato`,
      },
    });
    // The dashboard and Prometheus see the same two refusals in the backlog.
    const dashboard = (await (
      await fetch(`${platform.baseUrl}/api/dashboard?campaign=covid-over80`, {
        headers: { cookie: region.jar.header() },
      })
    ).json()) as { nationalForwarding: Record<string, unknown> };
    expect(dashboard.nationalForwarding).toMatchObject({
      slaSeconds: 86_400,
      backlog: 2,
      refused: 2,
      overSla: 0,
      failuresByCause: [{ cause: 'refused', items: 2, tries: 2 }],
      // Wired to the derive step (ADR 0018): known, and none failed here.
      conversionFailures: { byType: [] },
    });
    const metrics = await platform.metrics();
    expect(metrics).toMatch(/^fse2_national_refused 2$/m);
    expect(metrics).toMatch(/^fse2_national_backlog_failing\{cause="refused"\} 2$/m);
    expect(metrics).toMatch(/^fse2_national_backlog_over_sla 0$/m);
    // The reading is in the access log.
    const logged = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_events WHERE purpose = 'national-forwarding' AND action = 'read'`.execute(
      platform.db.kysely,
    );
    expect(logged.rows[0]?.n).toBeGreaterThan(0);
  });

  it('refuses another role (403) and no login (401), at every route', async () => {
    const refusal = await refusalOf(FIXED);
    expect((await api(gp, '')).status).toBe(403);
    expect((await api(gp, `/${refusal?.id ?? ''}/resend`, { attempts: 1 })).status).toBe(403);
    expect((await api(gp, `/${refusal?.id ?? ''}/drop`, { attempts: 1, reason: 'x' })).status).toBe(403);
    expect((await fetch(`${platform.baseUrl}/api/region/fse2/refused-forwards`)).status).toBe(401);
    expect((await outboxRow(FIXED.identificativoDoc))?.state).toBe('refused');
  });

  it('resends once after the fix, however often it is submitted', async () => {
    const refusal = await refusalOf(FIXED);
    if (refusal === undefined) throw new Error('no refusal');
    await control({ accept: [FIXED.identificativoDoc] });
    const answers = await Promise.all(
      [1, 2, 3].map(() => api(region, `/${refusal.id}/resend`, { attempts: refusal.attempts })),
    );
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { alreadyDone: boolean; action: string }[];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(bodies.filter((b) => !b.alreadyDone)).toHaveLength(1);
    await expect.poll(async () => (await outboxRow(FIXED.identificativoDoc))?.state, poll).toBe('forwarded');
    // Refused once, then accepted once: one national document, one decision recorded.
    expect(await outboxRow(FIXED.identificativoDoc)).toEqual({ state: 'forwarded', attempts: 2 });
    const stats = (await (await fetch(`${simulator}/sim/stats`)).json()) as { documents: number; accepted: number };
    expect(stats).toMatchObject({ documents: 1, accepted: 1 });
    const decided = await resolutions(FIXED.identificativoDoc);
    expect(decided).toMatchObject([{ action: 'resend', reason: null, national_error: { status: 400 } }]);
    expect(decided[0]?.resolved_by).toMatch(/^[A-Z0-9]{16}$/);
    // Once forwarded, another resend of that refusal is the first one's answer, and changes nothing.
    const again = await api(region, `/${refusal.id}/resend`, { attempts: refusal.attempts });
    expect(await again.json()).toMatchObject({ alreadyDone: true, action: 'resend' });
    expect(await resolutions(FIXED.identificativoDoc)).toHaveLength(1);
  });

  it('drops with the reason recorded, idempotently; the backlog no longer counts it', async () => {
    const refusal = await refusalOf(WRONG);
    if (refusal === undefined) throw new Error('no refusal');
    expect((await api(region, `/${refusal.id}/drop`, { attempts: refusal.attempts, reason: '  ' })).status).toBe(400);
    const reason = 'Documento di prova inviato per errore dalla struttura';
    const first = await api(region, `/${refusal.id}/drop`, { attempts: refusal.attempts, reason });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ action: 'drop', reason, alreadyDone: false });
    const second = await api(region, `/${refusal.id}/drop`, { attempts: refusal.attempts, reason: 'another' });
    expect(await second.json()).toMatchObject({ action: 'drop', reason, alreadyDone: true });
    // A resend of a dropped refusal is a conflict, not a silent change of mind.
    expect((await api(region, `/${refusal.id}/resend`, { attempts: refusal.attempts })).status).toBe(409);
    expect(await outboxRow(WRONG.identificativoDoc)).toEqual({ state: 'dropped', attempts: 1 });
    expect(await resolutions(WRONG.identificativoDoc)).toMatchObject([{ action: 'drop', reason }]);
    expect(await refusals()).toEqual([]);
    expect((await api(region, `/999999/resend`, { attempts: 1 })).status).toBe(404);
    await expect.poll(() => platform.metrics(), poll).toMatch(/^fse2_national_backlog 0$/m);
    const updates = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_events WHERE purpose = 'national-forwarding' AND action = 'update'`.execute(
      platform.db.kysely,
    );
    expect(updates.rows[0]?.n).toBe(2); // one resend, one drop: double submits are not logged twice
  });
});
