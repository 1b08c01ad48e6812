import { provideBundle, type DocumentInput } from '../../src/records/mhd/build.ts';
import { HOSTILE_STRINGS, pick, RAW_SEGMENTS } from './fuzz.ts';

// The FHIR half of the standing fuzz test (test/fuzz.int.test.ts): probes for each type of the CapabilityStatement
// and for ITI-65, and the hostile values both halves send.

export interface Probe {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

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
// Cursor sort values and ids: impossible dates and offsets after a valid id of either kind (bigint, uuid), then a
// huge id.
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

/** Value generators on one seeded random source: the same seed sends the same requests again. */
export function probeValues(random: () => number) {
  const encode = (value: string): string => (RAW_SEGMENTS.includes(value) ? value : encodeURIComponent(value));
  const sample = <T>(items: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(random, items));
  const values = (n: number): string[] => [...CORE, ...sample([...HOSTILE_STRINGS, ...RAW_SEGMENTS], n)];
  return { random, encode, sample, values };
}
export type ProbeValues = ReturnType<typeof probeValues>;

/** A resource the facility may create, so that one hostile field is all that stands between it and the store. */
export const validResource = (type: string, patientId: string) => ({
  resourceType: type,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2025-02-01T08:00:00Z',
});

/** Probes for one FHIR type of the CapabilityStatement. */
export function fhirProbes(
  { encode, values }: ProbeValues,
  patientId: string,
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
    const base = validResource(type, patientId);
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
export function transactionProbes(random: () => number, patientId: string): Probe[] {
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
