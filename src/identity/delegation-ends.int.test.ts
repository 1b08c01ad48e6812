import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

// Giuseppe names Ernesto (demo citizen 2) as delegate; Ernesto switches to acting for him.
// Once the delegation is revoked or expires, Ernesto's session must not do anything more for
// Giuseppe, on any route a citizen can call: the delegation is checked on every request.
let platform: TestPlatform;
const who: Record<string, LoggedIn> = {};
const ids: Record<string, number> = {};
let giuseppeDocument = '';
let campaign = '';
let giuseppeCertificate = 'URN:UVCI:01:IT:00000000000000000000000000#0';

const session = (name: string): LoggedIn => {
  const s = who[name];
  if (s === undefined) throw new Error(`no session for ${name}`);
  return s;
};
const call = (name: string, method: string, path: string, body?: unknown): Promise<Response> => {
  const s = session(name);
  const headers: Record<string, string> = { 'x-csrf-token': s.csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return s.jar.fetch(`${platform.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
};
const delegate = async (): Promise<number> => {
  const added = await call('giuseppe', 'POST', '/api/me/delegations', {
    fiscalCode: session('ernesto').me.fiscalCode,
    healthCardNumber: demoHealthCard(2),
  });
  expect(added.status).toBe(201);
  return ((await added.json()) as { id: number }).id;
};
const actFor = async (fiscalCode: string | null): Promise<number> =>
  (await call('ernesto', 'POST', '/api/me/acting-for', { fiscalCode })).status;

/**
 * Every route a citizen may call, from the route policies, but the two a delegate needs to leave: choose again,
 * log out.
 */
const citizenRoutes = () =>
  platform.routes.filter(
    (r) =>
      r.policy?.access === 'roles' &&
      r.policy.roles.includes('citizen') &&
      !['POST /api/me/acting-for', 'POST /auth/logout'].includes(`${r.method} ${r.url}`),
  );

/** Real values where a route names one of Giuseppe's things, so that before the fix the call does reach his data. */
const concretePath = (url: string): string =>
  url
    .replace(/\/api\/me\/records\/documents\/:id|\/api\/records\/documents\/:id/, (m) =>
      m.replace(':id', giuseppeDocument),
    )
    .replace(':code', campaign)
    .replace(':fiscalCode', session('giuseppe').me.fiscalCode)
    .replace(':uvci', encodeURIComponent(giuseppeCertificate))
    .replace(/:[a-z]+/gi, '1');

/** The requests that would harm Giuseppe: withdraw his consent, hide his documents, replace his phone. */
const BODIES: Record<string, unknown> = {
  'PUT /api/me/records/consent': { active: false },
  'PUT /api/me/records/documents/:id/visibility': { hidden: true },
  'POST /api/me/phone/verification': { mobilePhone: '+393471234567' },
  'POST /api/me/phone/verification/confirm': { code: '123456' },
};

/** The refusal's code: problem+json under /api, an OperationOutcome naming the ended delegation under /fhir. */
async function refusalOf(url: string, response: Response): Promise<string | undefined> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return `${type}: ${text.slice(0, 100)}`;
  if (url.startsWith('/fhir/')) {
    const outcome = JSON.parse(text) as { resourceType?: string; issue?: { diagnostics?: string }[] };
    const ended =
      outcome.resourceType === 'OperationOutcome' &&
      (outcome.issue?.[0]?.diagnostics ?? '').includes('no longer act for Giuseppe Locatelli');
    return ended && type.includes('fhir+json') ? 'delegation.ended' : text.slice(0, 200);
  }
  if (!type.includes('application/problem+json')) return `${type}: ${text.slice(0, 100)}`;
  return (JSON.parse(text) as { code?: string }).code;
}

async function expectEveryRouteRefused(): Promise<void> {
  const routes = citizenRoutes();
  // The enumeration does cover the routes of the report.
  const named = routes.map((r) => `${r.method} ${r.url}`);
  for (const route of [
    'GET /api/me/certificates',
    'GET /api/me/records/summary',
    'GET /api/me/records/documents',
    'PUT /api/me/records/consent',
    'PUT /api/me/records/documents/:id/visibility',
    'POST /api/me/phone/verification',
    'GET /api/me/appointments',
    'POST /api/appointments/:id/cancel',
  ]) {
    expect(named).toContain(route);
  }
  const answers: { route: string; status: number; refusal: string | undefined }[] = [];
  for (const route of routes) {
    const key = `${route.method} ${route.url}`;
    const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? (BODIES[key] ?? {}) : undefined;
    const response = await call('ernesto', route.method, concretePath(route.url), body);
    answers.push({
      route: key,
      status: response.status,
      refusal: route.method === 'HEAD' ? 'delegation.ended' : await refusalOf(route.url, response),
    });
  }
  // All at once, so that a failure lists every route that still let him through.
  expect(answers.filter((a) => a.status !== 403 || a.refusal !== 'delegation.ended')).toEqual([]);
  // Nothing of Giuseppe's changed.
  const giuseppe = ids.giuseppe;
  const { rows } = await platform.db.pool.query<{ consent: string; hidden: boolean; phone: string; pending: number }>(
    `SELECT (SELECT status FROM fhir_consent WHERE patient_id = $1 AND purpose = 'consultation') AS consent,
            (SELECT hidden FROM fhir_document_reference WHERE id::text = $2) AS hidden,
            (SELECT mobile_phone FROM citizens WHERE id = $1) AS phone,
            (SELECT count(*)::int FROM phone_verifications WHERE citizen_id = $1) AS pending`,
    [giuseppe, giuseppeDocument],
  );
  expect(rows[0]).toEqual({ consent: 'active', hidden: false, phone: '+393330000002', pending: 0 });
}

/**
 * While the delegation is live, acting for Giuseppe works: the refusals below are the delegation's end, nothing else.
 */
async function expectActingWorks(): Promise<void> {
  for (const path of [
    '/api/me/certificates',
    '/api/me/records/summary',
    `/api/records/documents/${giuseppeDocument}/content`,
  ]) {
    expect((await call('ernesto', 'GET', path)).status, path).toBe(200);
  }
  const me = (await (await call('ernesto', 'GET', '/api/me')).json()) as {
    role: string;
    actingFor: { name: string } | null;
  };
  expect(me).toMatchObject({ role: 'delegate', actingFor: { name: 'Giuseppe Locatelli' } });
}

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 10 });
  for (const name of ['giuseppe.locatelli', 'ernesto.pozzi', 'maria.brambilla', 'anna.sala']) {
    who[name.split('.')[0] ?? name] = await loginAs(platform.baseUrl, name);
  }
  const people = await platform.db.pool.query<{ given_name: string; id: number }>(
    `SELECT lower(given_name) AS given_name, id::int AS id FROM citizens WHERE fiscal_code = ANY($1)`,
    [Object.values(who).map((s) => s.me.fiscalCode)],
  );
  for (const p of people.rows) ids[p.given_name] = p.id;
  const doc = await platform.db.pool.query<{ id: string }>(
    `SELECT id::text FROM fhir_document_reference
     WHERE patient_id = $1 AND NOT hidden AND status = 'current' ORDER BY id LIMIT 1`,
    [ids.giuseppe],
  );
  giuseppeDocument = doc.rows[0]?.id ?? '';
  expect(giuseppeDocument).not.toBe('');
  const campaigns = (await (await fetch(`${platform.baseUrl}/api/campaigns`)).json()) as { code: string }[];
  campaign = campaigns[0]?.code ?? 'X';
  const certificates = (await (await call('giuseppe', 'GET', '/api/me/certificates')).json()) as { uvci: string }[];
  giuseppeCertificate = certificates[0]?.uvci ?? giuseppeCertificate;
}, 120_000);

afterAll(async () => {
  await platform.close();
});

describe('a delegate whose delegation ends', () => {
  it('is refused at once on every route after Giuseppe revokes, until choosing again', async () => {
    const id = await delegate();
    expect(await actFor(session('giuseppe').me.fiscalCode)).toBe(204);
    await expectActingWorks();

    expect((await call('giuseppe', 'DELETE', `/api/me/delegations/${id}`)).status).toBe(204);
    await expectEveryRouteRefused();

    // The page can still tell, and offer to switch back; the switch back to Giuseppe is refused.
    const me = (await (await call('ernesto', 'GET', '/api/me')).json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      role: 'citizen',
      actingFor: { name: 'Giuseppe Locatelli' },
      actingForEnded: true,
      canActFor: [],
    });
    expect(await actFor(session('giuseppe').me.fiscalCode)).toBe(403);
    expect(await actFor(null)).toBe(204);
    expect((await call('ernesto', 'GET', '/api/me/certificates')).status).toBe(200);
    expect(await (await call('ernesto', 'GET', '/api/me')).json()).toMatchObject({
      role: 'citizen',
      actingFor: null,
      actingForEnded: false,
    });
  });

  it('is refused at once on every route when the delegation expires, and the pair can be named again', async () => {
    const id = await delegate();
    expect(await actFor(session('giuseppe').me.fiscalCode)).toBe(204);
    await expectActingWorks();

    await platform.db.pool.query(`UPDATE delegations SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await expectEveryRouteRefused();
    expect(await (await call('giuseppe', 'GET', '/api/me/delegations')).json()).toMatchObject({ delegates: [] });

    expect(await actFor(null)).toBe(204);
    const again = await delegate();
    expect(again).not.toBe(id);
    expect(await actFor(session('giuseppe').me.fiscalCode)).toBe(204);
    await expectActingWorks();
  });
});

describe('a delegate reading through FHIR without switching to acting for', () => {
  it('is logged as a delegate, for whom, with their own identity', async () => {
    const added = await call('maria', 'POST', '/api/me/delegations', {
      fiscalCode: session('anna').me.fiscalCode,
      healthCardNumber: demoHealthCard(3),
    });
    expect(added.status).toBe(201);
    const search = await call('anna', 'GET', `/fhir/R4/DocumentReference?patient=${ids.maria}`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as { total: number }).total).toBeGreaterThan(0);
    const own = await call('anna', 'GET', `/fhir/R4/Patient/${ids.anna}`);
    expect(own.status).toBe(200);

    type Entry = {
      subject: number;
      actor_id: string;
      actor_name: string;
      actor_role: string;
      purpose: string;
      on_behalf: number | null;
    };
    const { rows } = await platform.db.pool.query<Entry>(
      `SELECT subject_citizen_id::int AS subject, actor_id, actor_name, actor_role, purpose,
             on_behalf_of_citizen_id::int AS on_behalf
       FROM audit_events WHERE actor_id = $1 AND resource_type IN ('DocumentReference', 'Patient') ORDER BY id`,
      [session('anna').me.fiscalCode],
    );
    const forMaria = rows.filter((r) => r.subject === ids.maria);
    expect(forMaria.length).toBeGreaterThan(0);
    const anna = { actor_id: session('anna').me.fiscalCode, actor_name: 'Anna Sala' };
    for (const row of forMaria) {
      expect(row).toEqual({
        ...anna,
        subject: ids.maria,
        actor_role: 'delegate',
        purpose: 'delegate-access',
        on_behalf: ids.maria,
      });
    }
    // Her own record is still self-access.
    expect(rows.filter((r) => r.subject === ids.anna)).toEqual([
      { ...anna, subject: ids.anna, actor_role: 'citizen', purpose: 'self-access', on_behalf: null },
    ]);

    // And Maria's "who looked at my data" names her delegate as such.
    const log = (await (await call('maria', 'GET', '/api/me/access-log?limit=50')).json()) as {
      items: { who: string; role: string; onBehalfOf: string | null; resourceType: string }[];
    };
    expect(log.items).toContainEqual(
      expect.objectContaining({
        who: 'Anna Sala',
        role: 'delegate',
        onBehalfOf: 'Maria Brambilla',
        resourceType: 'DocumentReference',
      }),
    );
  });
});
