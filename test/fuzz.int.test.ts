import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/shared/roles.ts';
import { provideBundle, type DocumentInput } from '../src/records/mhd/build.ts';
import { facilityToken } from './support/records/clients.ts';
import { loginAs } from './helpers/browserless-login.ts';
import {
  HOSTILE_STRINGS,
  pick,
  plausible,
  RAW_SEGMENTS,
  seededRandom,
  WRONG_TYPES,
  type SchemaLike,
} from './helpers/fuzz.ts';
import { startTestPlatform, type TestPlatform } from './helpers/platform.ts';

/**
 * The standing fuzz test of issue 16: every operation of the OpenAPI document and every
 * search parameter and interaction of the CapabilityStatement gets hostile values, as an
 * anonymous caller and as a caller allowed in. Not one answer may be a 5xx, and every
 * 4xx must be problem+json (or an OperationOutcome under /fhir). The generator is seeded:
 * a failure names the request, and the same seed sends the same requests again.
 */

const SEED = 16;
// Always sent, whatever the seed picks: one of each class that reached PostgreSQL as a 500.
const CORE = ['\u0000', '9223372036854775808', 'x'.repeat(5_000), '2024-02-30', '2024-01-01T00:00:00+99:99'];
const FHIR_DATES = [
  '2024-02-30T10:00:00Z',
  '2024-01-01T10:00:00+14:00',
  '2024-01-01T10:00:00+15:00',
  '0000-01-01',
  '9999-12-31T23:59:59-14:00',
  '2024-13-01',
];
const UUID_ZERO = '00000000-0000-0000-0000-000000000000';
// Cursor sort values and ids: impossible dates and offsets after a valid id of either kind (bigint, uuid), then a huge id.
const CURSORS = [
  ...[
    '2024-13-45T99:99:99Z',
    '2024-02-30 10:00:00+00',
    '2024-01-01T00:00:00+99:99',
    '2024-02-31',
    '0000-01-01 00:00:00+00',
  ].flatMap((value) => [
    [value, '1'],
    [value, UUID_ZERO],
  ]),
  ['2024-01-01T00:00:00Z', '99999999999999999999'],
] as const;
// Ends the session the other requests use; covered by the identity tests.
const SKIP = new Set(['POST /auth/logout']);

interface Operation {
  readonly parameters?: readonly { name: string; in: string; schema?: SchemaLike }[];
  readonly requestBody?: { content?: Record<string, { schema?: SchemaLike }> };
}
interface Probe {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}
type Caller = Record<string, string>;

let platform: TestPlatform;
let openapi: { paths: Record<string, Record<string, Operation>> };
let capability: {
  rest: {
    resource: { type: string; interaction: { code: string }[]; searchParam?: { name: string; type: string }[] }[];
  }[];
};
const sessions = new Map<Role | 'anonymous', Caller>();
const random = seededRandom(SEED);
let patientId = '1';

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  const base = platform.baseUrl;
  openapi = (await (await fetch(`${base}/docs/json`)).json()) as typeof openapi;
  capability = (await (await fetch(`${base}/fhir/R4/metadata`)).json()) as typeof capability;
  sessions.set('anonymous', {});
  const logins: [Role, string, 'citizen' | 'operator'][] = [
    ['citizen', 'maria.brambilla', 'citizen'],
    ['gp', 'mmg.colombo', 'operator'],
    ['pharmacist', 'farm.galli', 'operator'],
    ['vaccinator', 'vacc.ferrari', 'operator'],
    ['region', 'regione.fontana', 'operator'],
  ];
  for (const [role, user, as] of logins) {
    const session = await loginAs(base, user, { as });
    sessions.set(role, { cookie: session.jar.header(), 'x-csrf-token': session.csrf });
  }
  sessions.set('facility', { authorization: `Bearer ${await facilityToken(base)}` });
  const { rows } = await platform.db.pool.query<{ id: string }>('SELECT id::text FROM citizens ORDER BY id LIMIT 1');
  patientId = rows[0]?.id ?? patientId;
}, 120_000);

afterAll(async () => {
  await platform.close();
});

/**
 * The first logged-in caller the route's policy lets in, and an anonymous one: on every
 * probe of a public route, on every other probe of a route anonymous callers cannot use.
 */
function callersFor(method: string, url: string, i: number): Caller[] {
  const route = platform.routes.find((r) => r.method === method && r.url === url);
  const policy = route?.policy;
  const anonymous = sessions.get('anonymous') ?? {};
  if (policy?.access !== 'roles') return [anonymous, sessions.get('citizen') ?? {}];
  const allowed = policy.roles.map((role) => sessions.get(role)).find((c) => c !== undefined);
  return allowed === undefined ? [anonymous] : i % 2 === 0 ? [anonymous, allowed] : [allowed];
}

const encode = (value: string): string => (RAW_SEGMENTS.includes(value) ? value : encodeURIComponent(value));
const sample = <T>(items: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(random, items));
const values = (n: number): string[] => [...CORE, ...sample([...HOSTILE_STRINGS, ...RAW_SEGMENTS], n)];

/** Probes for one OpenAPI operation: each parameter and body field in turn gets hostile values. */
function operationProbes(method: string, template: string, op: Operation): Probe[] {
  const params = op.parameters ?? [];
  const fill = (overrides: Record<string, string>): string =>
    template.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encode(overrides[name] ?? String(plausible(params.find((p) => p.name === name)?.schema, random))),
    );
  const probes: Probe[] = [];
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const base = bodySchema === undefined ? undefined : plausible(bodySchema, random);
  const withBody = (path: string, body: unknown): Probe =>
    body === undefined
      ? { method, path }
      : { method, path, body: JSON.stringify(body), contentType: 'application/json' };
  for (const p of params) {
    for (const v of values(p.in === 'path' ? 5 : 3)) {
      if (p.in === 'path') probes.push(withBody(fill({ [p.name]: v }), base));
      else if (p.in === 'query') probes.push(withBody(`${fill({})}?${encodeURIComponent(p.name)}=${encode(v)}`, base));
      else if (p.in === 'header' && /^[\x20-\x7e]*$/.test(v))
        probes.push({ ...withBody(fill({}), base), headers: { [p.name]: v } });
    }
  }
  if (bodySchema !== undefined && typeof base === 'object' && base !== null && !Array.isArray(base)) {
    for (const field of Object.keys(bodySchema.properties ?? {})) {
      for (const v of [...values(2), ...sample(WRONG_TYPES, 3)])
        probes.push(withBody(fill({}), { ...base, [field]: v }));
    }
    probes.push({ method, path: fill({}), body: '{"a":', contentType: 'application/json' });
    probes.push({ method, path: fill({}), body: '"\u0000"', contentType: 'application/json' });
    probes.push({
      method,
      path: fill({}),
      body: JSON.stringify(base),
      contentType: 'application/x-www-form-urlencoded',
    });
  }
  return probes;
}

/** A resource the facility may create, so that one hostile field is all that stands between it and the store. */
const validResource = (type: string) => ({
  resourceType: type,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2025-02-01T08:00:00Z',
});

/** Probes for one FHIR type of the CapabilityStatement. */
function fhirProbes(
  type: string,
  interactions: readonly string[],
  searchParams: readonly { name: string; type: string }[],
): Probe[] {
  const path = `/fhir/R4/${type}`;
  const probes: Probe[] = [];
  if (interactions.includes('search-type')) {
    for (const p of searchParams) {
      const extra =
        p.type === 'date'
          ? ['ge2024-01-01T00:00:00+14:30', 'lt2024-01-01T00:00-15:00', 'eq2024-02-30T10:00:00Z', 'eq0000']
          : [];
      for (const v of [...values(2), ...extra]) probes.push({ method: 'GET', path: `${path}?${p.name}=${encode(v)}` });
    }
    for (const control of ['_count', '_sort', '_include', '_total', '_summary', '_format']) {
      for (const v of values(2)) probes.push({ method: 'GET', path: `${path}?${control}=${encode(v)}` });
    }
    for (const sort of ['_lastUpdated', '-_lastUpdated', 'date', '-date', 'birthdate', '-birthdate']) {
      const key = sort.replace('-', '');
      const desc = sort.startsWith('-') ? 1 : 0;
      for (const [value, id] of CURSORS) {
        const cursor = Buffer.from(JSON.stringify([key, desc, value, id])).toString('base64url');
        probes.push({ method: 'GET', path: `${path}?_sort=${sort}&_cursor=${cursor}` });
      }
    }
    probes.push({
      method: 'POST',
      path: `${path}/_search`,
      body: `_id=%00&_lastUpdated=ge2024-01-01T00:00:00%2B99:00&x=%zz`,
      contentType: 'application/x-www-form-urlencoded',
    });
  }
  for (const v of values(5)) {
    probes.push({ method: 'GET', path: `${path}/${encode(v)}` });
    if (interactions.includes('vread')) probes.push({ method: 'GET', path: `${path}/1/_history/${encode(v)}` });
    if (interactions.includes('history-instance'))
      probes.push({ method: 'GET', path: `${path}/${encode(v)}/_history` });
    if (interactions.includes('update'))
      probes.push({
        method: 'PUT',
        path: `${path}/${encode(v)}`,
        body: JSON.stringify({ resourceType: type, id: v }),
        contentType: 'application/fhir+json',
      });
  }
  if (interactions.includes('create') || interactions.includes('update')) {
    // A resource valid but for one field, so that the hostile value gets past validation to the store.
    const base = validResource(type);
    const fields: [string, unknown][] = [
      ...FHIR_DATES.map((d): [string, unknown] => ['effectiveDateTime', d]),
      ...['Patient/9223372036854775808', 'Patient/99999999999999999999', 'Patient/-1', 'Patient/\u0000'].map(
        (r): [string, unknown] => ['subject', { reference: r }],
      ),
      ['valueQuantity', { value: 1e308, unit: 'x' }],
      ['valueQuantity', { value: 2 ** 64 }],
      ['identifier', [{ system: 'urn:x', value: 'x'.repeat(100_000) }]],
      ['status', '\u0000'],
      ['code', { text: '\u{1F9EC}\u202E' }],
      ['meta', { lastUpdated: '2024-02-30T10:00:00Z' }],
    ];
    for (const [field, value] of fields) {
      const body = JSON.stringify({ ...base, [field]: value });
      if (interactions.includes('create'))
        probes.push({ method: 'POST', path, body, contentType: 'application/fhir+json' });
      if (interactions.includes('update'))
        probes.push({ method: 'PUT', path: `${path}/${UUID_ZERO}`, body, contentType: 'application/fhir+json' });
    }
    for (const header of [
      'identifier=urn:lab|%00',
      `identifier=${'x'.repeat(3_000)}`,
      'identifier=urn:lab|\u00ff',
      '%zz',
    ]) {
      probes.push({
        method: 'POST',
        path,
        body: JSON.stringify(base),
        contentType: 'application/fhir+json',
        headers: { 'if-none-exist': header },
      });
    }
    probes.push({ method: 'POST', path, body: '{"resourceType":', contentType: 'application/fhir+json' });
  }
  return probes;
}

/** ITI-65 (the transaction of the CapabilityStatement): one published document, one hostile field. */
function transactionProbes(): Probe[] {
  const doc = (extra: Partial<DocumentInput>): DocumentInput => ({
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.${Math.floor(random() * 1e12)}` },
    docClass: 'REF',
    description: 'Referto',
    date: '2025-01-01T09:00:00Z',
    content: Buffer.from('%PDF-1.4\n%%EOF\n'),
    ...extra,
  });
  const docs: Partial<DocumentInput>[] = [
    ...FHIR_DATES.map((date) => ({ date })),
    { period: { start: '2024-02-30T00:00:00Z', end: '2024-01-01T00:00:00+14:00' } },
    { masterIdentifier: { system: 'urn:x', value: 'x'.repeat(100_000) } },
    { description: '\u0000' },
    { replaces: '99999999999999999999' },
  ];
  const bundles = [
    ...docs.map((extra) => provideBundle({ patientId: Number(patientId) }, [doc(extra)], { sourceId: 'urn:fuzz' })),
    provideBundle({ patientId: 2 ** 64 }, [doc({})], { sourceId: 'urn:fuzz' }),
    provideBundle({ fiscalCode: 'X'.repeat(5_000) }, [doc({})], { sourceId: 'urn:fuzz' }),
    provideBundle({ patientId: Number(patientId) }, [doc({})], { sourceId: '\u0000' }),
  ];
  return bundles.map((bundle) => ({
    method: 'POST',
    path: '/fhir/R4',
    body: JSON.stringify(bundle),
    contentType: 'application/fhir+json',
  }));
}

/** What is wrong with an answer, or null: no 5xx, and the error format of the path. */
async function verdict(probe: Probe, response: Response): Promise<string | null> {
  const text = await response.text();
  const where = `${probe.method} ${probe.path.slice(0, 160)} → ${response.status}`;
  if (response.status >= 500) return `${where}: ${text.slice(0, 200)}`;
  if (response.status < 400) return null;
  const type = response.headers.get('content-type') ?? '';
  const fhir = /^\/fhir(\/|$|\?)/.test(probe.path);
  let body: { resourceType?: string; status?: number } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `${where}: not JSON (${type})`;
  }
  if (fhir && !(type.includes('application/fhir+json') && body.resourceType === 'OperationOutcome'))
    return `${where}: not an OperationOutcome (${type})`;
  if (!fhir && !(type.includes('application/problem+json') && body.status === response.status))
    return `${where}: not problem+json (${type})`;
  return null;
}

/** Sends the probes six at a time; returns each distinct failure once. */
async function run(probes: readonly [Probe, Caller][]): Promise<string[]> {
  const failures = new Set<string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < probes.length; i = next++) {
      const [probe, caller] = probes[i] ?? [];
      if (probe === undefined || caller === undefined) continue;
      const headers: Record<string, string> = { ...caller, ...probe.headers };
      if (probe.contentType !== undefined) headers['content-type'] = probe.contentType;
      const response = await fetch(`${platform.baseUrl}${probe.path}`, {
        method: probe.method,
        headers,
        body: probe.body ?? null,
        redirect: 'manual',
      });
      const problem = await verdict(probe, response);
      if (problem !== null) failures.add(problem);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return [...failures];
}

describe('the standing fuzz test', () => {
  it('answers hostile values on every OpenAPI operation with a 4xx problem, never a 5xx', async () => {
    const probes: [Probe, Caller][] = [];
    for (const [template, ops] of Object.entries(openapi.paths)) {
      for (const [lower, op] of Object.entries(ops)) {
        const method = lower.toUpperCase();
        if (SKIP.has(`${method} ${template}`) || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        const url = template.replace(/\{([^}]+)\}/g, ':$1');
        operationProbes(method, template, op).forEach((probe, i) => {
          for (const caller of callersFor(method, url, i)) probes.push([probe, caller]);
        });
      }
    }
    expect(probes.length).toBeGreaterThan(1_000);
    const failures = await run(probes);
    expect(failures.slice(0, 40), `${failures.length} of ${probes.length} probes failed`).toEqual([]);
  }, 180_000);

  it('answers hostile searches, ids, cursors and bodies on every FHIR type with an OperationOutcome, never a 5xx', async () => {
    const probes: [Probe, Caller][] = [];
    const resources = capability.rest[0]?.resource ?? [];
    expect(resources.length).toBeGreaterThan(3);
    for (const r of resources) {
      const interactions = r.interaction.map((i) => i.code);
      [
        ...fhirProbes(r.type, interactions, r.searchParam ?? []),
        ...(r.type === 'DocumentReference' ? transactionProbes() : []),
      ].forEach((probe, i) => {
        // Every FHIR read is audited, so each probe goes to one logged-in caller, the facility
        // system or a citizen in turn; anonymous callers, refused before any parsing, get every fourth.
        probes.push([probe, sessions.get(i % 2 === 0 ? 'facility' : 'citizen') ?? {}]);
        if (i % 4 === 1) probes.push([probe, sessions.get('anonymous') ?? {}]);
      });
    }
    expect(probes.length).toBeGreaterThan(1_500);
    const failures = await run(probes);
    expect(failures.slice(0, 40), `${failures.length} of ${probes.length} probes failed`).toEqual([]);
    // The body probes start from a resource the store accepts as it is.
    const created = await fetch(`${platform.baseUrl}/fhir/R4/Observation`, {
      method: 'POST',
      headers: { ...sessions.get('facility'), 'content-type': 'application/fhir+json' },
      body: JSON.stringify(validResource('Observation')),
    });
    expect(created.status, await created.text()).toBe(201);
  }, 180_000);
});
