import { randomBytes } from 'node:crypto';
import type { Bundle, CapabilityStatement, DocumentReference, Observation, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from './fhir/codes.ts';
import { provideBundle, type DocumentInput } from './mhd/build.ts';
import {
  bearerCaller,
  facilityToken,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../test/support/records/server.ts';

let server: RecordsTestServer;
let hospital: Caller;
let token: string;
let patientId: number;
const published: string[] = [];

const pdf = () => Buffer.from(`%PDF-1.4\n${randomBytes(32).toString('hex')}\n%%EOF\n`);
const doc = (i: number, extra: Partial<DocumentInput> = {}): DocumentInput => ({
  masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.777${i}` },
  docClass: 'REF',
  description: `Referto ${i}`,
  date: new Date(Date.UTC(2025, 0, 1 + i, 9)).toISOString(),
  content: pdf(),
  author: { given: 'Anna', family: i % 2 === 0 ? 'Verdi' : 'Bianchi' },
  ...extra,
});

beforeAll(async () => {
  server = await startRecordsTestServer({ seed: false, worker: false });
  token = await facilityToken(server.baseUrl);
  hospital = bearerCaller(token);
  patientId = (
    await server.db.kysely
      .selectFrom('citizens')
      .select('id')
      .where('given_name', '=', 'Ernesto')
      .executeTakeFirstOrThrow()
  ).id;
  const inputs = Array.from({ length: 25 }, (_, i) => doc(i));
  inputs[3] = doc(3, {
    event: [{ system: 'http://snomed.info/sct', code: '271737000', display: 'Anemia' }],
    securityLabel: [{ system: SYSTEMS.v3Confidentiality, code: 'N' }],
  });
  inputs[4] = doc(4, {
    docClass: 'LDO',
    facilityType: { system: 'http://snomed.info/sct', code: '22232009', display: 'Hospital' },
    practiceSetting: { system: 'http://snomed.info/sct', code: '394579002', display: 'Cardiology' },
    period: { start: '2024-06-01T00:00:00Z', end: '2024-06-07T00:00:00Z' },
  });
  inputs[5] = doc(5, {
    contentType: 'application/xml',
    content: Buffer.from('<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>'),
  });
  const result = (await (
    await hospital.send('POST', server.fhirBase, provideBundle({ patientId }, inputs, { sourceId: 'urn:test' }))
  ).json()) as Bundle;
  for (const e of result.entry ?? [])
    if (e.response?.location?.startsWith('DocumentReference/') === true)
      published.push(e.response.location.split('/')[1] ?? '');
  expect(published).toHaveLength(25);
});
afterAll(async () => {
  await server.close();
});

const get = async <T = Bundle>(path: string, headers: Record<string, string> = {}): Promise<T> => {
  const response = await hospital.get(`${server.fhirBase}/${path}`, headers);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
const matched = (b: Bundle) =>
  (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id ?? '');
const count = async (query: string) => (await get(`DocumentReference?patient=${patientId}&${query}`)).total;

describe('FHIR R4 REST', () => {
  it('describes itself truthfully in the CapabilityStatement', async () => {
    const response = await fetch(`${server.fhirBase}/metadata`);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const cs = (await response.json()) as CapabilityStatement;
    const types = cs.rest?.[0]?.resource?.map((r) => r.type);
    expect(types).toEqual([
      'Patient',
      'DocumentReference',
      'Binary',
      'List',
      'Immunization',
      'Observation',
      'DiagnosticReport',
      'Condition',
      'AllergyIntolerance',
      'MedicationStatement',
      'MedicationRequest',
      'MedicationDispense',
      'Consent',
      'AuditEvent',
    ]);
    const docRef = cs.rest?.[0]?.resource?.find((r) => r.type === 'DocumentReference');
    for (const p of [
      'patient',
      'patient.identifier',
      'status',
      'category',
      'type',
      'date',
      'period',
      'author.given',
      'author.family',
      'identifier',
      'facility',
      'setting',
      'event',
      'security-label',
      'format',
      'related',
      'creation',
    ]) {
      expect(
        docRef?.searchParam?.map((s) => s.name),
        p,
      ).toContain(p);
    }
    expect(docRef?.searchInclude).toContain('DocumentReference:binary');
    expect(cs.rest?.[0]?.resource?.find((r) => r.type === 'AuditEvent')?.interaction?.map((i) => i.code)).toEqual([
      'read',
      'search-type',
    ]);
  });

  it('pages with next links that neither skip nor repeat, in the requested order', async () => {
    const seen: string[] = [];
    let page = await get(`DocumentReference?patient=${patientId}&_count=10`);
    expect(page.total).toBe(25);
    for (;;) {
      seen.push(...matched(page));
      const next = page.link?.find((l) => l.relation === 'next')?.url;
      if (next === undefined) break;
      expect(next.startsWith(server.fhirBase)).toBe(true);
      page = (await (await hospital.get(next)).json()) as Bundle;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const dates =
      (await get(`DocumentReference?patient=${patientId}&_count=25&_sort=date`)).entry?.map(
        (e) => (e.resource as DocumentReference).date ?? '',
      ) ?? [];
    expect(dates).toEqual([...dates].sort());
    expect(matched(await get(`DocumentReference?patient=${patientId}&_count=3&_sort=-date`))).toEqual([
      published[24],
      published[23],
      published[22],
    ]);
  });

  it('supports the ITI-67 parameters', async () => {
    expect(await count('category=REF')).toBe(24);
    expect(await count(`category=${SYSTEMS.documentClass}|LDO`)).toBe(1);
    expect(await count('type=http://loinc.org|18842-5')).toBe(1);
    expect(await count('date=ge2025-01-20&date=lt2025-01-23')).toBe(3);
    expect(await count('period=ge2024-06-03')).toBe(1);
    expect(await count('period=lt2024-05-01')).toBe(0);
    expect(await count('author.family=verd')).toBe(13);
    expect(await count('author.family:exact=Verdi')).toBe(13);
    expect(await count('author.given=Anna')).toBe(25);
    expect(await count('identifier=urn:ietf:rfc:3986|urn:oid:2.25.7773')).toBe(1);
    expect(await count('event=271737000')).toBe(1);
    expect(await count('facility=http://snomed.info/sct|22232009')).toBe(1);
    expect(await count('setting=394579002')).toBe(1);
    expect(await count(`security-label=${SYSTEMS.v3Confidentiality}|N`)).toBe(1);
    expect(await count('format=urn:ihe:pcc:xphr:2007')).toBe(1);
    expect(await count('status=current')).toBe(25);
    expect(await count('status=superseded')).toBe(0);
    expect(await count('creation=2025-01-05')).toBe(1);
    expect(await count('related=Encounter/1')).toBe(0);
    const cf = (
      await server.db.kysely
        .selectFrom('citizens')
        .select('fiscal_code')
        .where('id', '=', patientId)
        .executeTakeFirstOrThrow()
    ).fiscal_code;
    expect((await get(`DocumentReference?patient.identifier=${SYSTEMS.fiscalCode}|${cf}&_summary=count`)).total).toBe(
      25,
    );
  });

  it('finds SubmissionSets (ITI-66) and their documents', async () => {
    const lists = await get(
      `List?patient=${patientId}&code=https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes|submissionset` +
        '&sourceId=urn:test&_include=List:item',
    );
    expect(lists.total).toBe(1);
    expect((lists.entry ?? []).filter((e) => e.search?.mode === 'include')).toHaveLength(25);
    expect((await get(`List?patient=${patientId}&date=lt2000-01-01`)).total).toBe(0);
  });

  it('includes the Binary with _include=DocumentReference:binary', async () => {
    const b = await get(`DocumentReference?patient=${patientId}&_count=2&_include=DocumentReference:binary`);
    const included = (b.entry ?? []).filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => e.resource?.resourceType)).toEqual(['Binary', 'Binary']);
    expect(b.link?.[0]?.url).toContain('_include=DocumentReference%3Abinary');
  });

  it('refuses unknown parameters unless Prefer: handling=lenient', async () => {
    const strict = await hospital.get(`${server.fhirBase}/DocumentReference?patient=${patientId}&colour=blue`);
    expect(strict.status).toBe(400);
    const outcome = (await strict.json()) as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['colour'] });
    const lenient = await get(`DocumentReference?patient=${patientId}&colour=blue`, { prefer: 'handling=lenient' });
    expect(lenient.total).toBe(25);
    expect(lenient.link?.[0]?.url).not.toContain('colour');
    expect((await hospital.get(`${server.fhirBase}/DocumentReference?date=yesterday`)).status).toBe(400);
    expect((await hospital.get(`${server.fhirBase}/DocumentReference/not-a-uuid`)).status).toBe(404);
    expect((await hospital.get(`${server.fhirBase}/DocumentReference?_id=not-a-uuid`)).status).toBe(200);
    expect((await hospital.get(`${server.fhirBase}/DocumentReference?_cursor=eyJ4IjoxfQ`)).status).toBe(400);
    expect(
      (await hospital.get(`${server.fhirBase}/DocumentReference`, { accept: 'application/fhir+xml' })).status,
    ).toBe(406);
    expect((await hospital.get(`${server.fhirBase}/Basic`)).status).toBe(404);
  });

  it('searches by POST _search with a form body', async () => {
    const response = await fetch(`${server.fhirBase}/DocumentReference/_search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `patient=${patientId}&category=LDO`,
    });
    expect(((await response.json()) as Bundle).total).toBe(1);
  });

  it('versions updates: ETag, If-Match, vread and history; conditional create', async () => {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'preliminary',
      identifier: [{ system: 'urn:lab', value: 'obs-1' }],
      code: { coding: [{ system: SYSTEMS.loinc, code: '2345-7', display: 'Glucose' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: '2025-02-01T08:00:00Z',
      valueQuantity: { value: 98, unit: 'mg/dL' },
    };
    const created = await hospital.send('POST', `${server.fhirBase}/Observation`, observation, {
      'if-none-exist': 'identifier=urn:lab|obs-1',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('W/"1"');
    const stored = (await created.json()) as Observation;
    expect(created.headers.get('location')).toBe(`${server.fhirBase}/Observation/${stored.id ?? ''}/_history/1`);
    const again = await hospital.send('POST', `${server.fhirBase}/Observation`, observation, {
      'if-none-exist': 'identifier=urn:lab|obs-1',
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Observation).id).toBe(stored.id);
    const url = `${server.fhirBase}/Observation/${stored.id ?? ''}`;
    const updated = await hospital.send('PUT', url, { ...stored, status: 'final' }, { 'if-match': 'W/"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');
    const stale = await hospital.send('PUT', url, { ...stored, status: 'amended' }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect((await get<Observation>(`Observation/${stored.id ?? ''}/_history/1`)).status).toBe('preliminary');
    expect((await get(`Observation/${stored.id ?? ''}/_history`)).total).toBe(2);
    expect((await hospital.send('PUT', url, { ...stored, id: 'other' })).status).toBe(400);
    const invalid = await hospital.send('POST', `${server.fhirBase}/Observation`, {
      ...observation,
      status: undefined,
      effectiveDateTime: 'soon',
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as OperationOutcome).issue.map((i) => i.expression?.[0])).toEqual([
      'Observation.status',
      'Observation.effectiveDateTime',
    ]);
  });
});
