import type { Bundle, Consent, Observation, Resource } from '@medplum/fhirtypes';
import { Client, type FhirResource } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { SYSTEMS } from './fhir/codes.ts';
import { provideBundle } from './mhd/build.ts';
import { consultationConsent } from './service/consent.ts';
import { facilityToken, startRecordsTestServer, type RecordsTestServer } from '../../test/support/records/server.ts';

/** fhir-kit-client types resources loosely; Salus's are @medplum/fhirtypes. */
const body = (resource: Resource): FhirResource => resource as unknown as FhirResource;

/** An independent FHIR client (fhir-kit-client) against Salus: what real integrations will do. */
let server: RecordsTestServer;
let facility: Client;
let patientId: number;

beforeAll(async () => {
  server = await startRecordsTestServer({ seed: false, worker: false });
  facility = new Client({ baseUrl: server.fhirBase, bearerToken: await facilityToken(server.baseUrl) });
  patientId = (
    await server.db.kysely
      .selectFrom('citizens')
      .select('id')
      .where('given_name', '=', 'Giuseppe')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await server.close();
});

describe('fhir-kit-client interoperability', () => {
  it('reads the CapabilityStatement', async () => {
    const cs = await facility.capabilityStatement();
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
  });

  it('creates, reads, searches and pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const observation: Observation = {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: SYSTEMS.loinc, code: '2345-7', display: 'Glucose' }] },
        subject: { reference: `Patient/${patientId}` },
        effectiveDateTime: `2025-03-0${i + 1}T08:00:00Z`,
        valueQuantity: { value: 90 + i, unit: 'mg/dL' },
      };
      const created = (await facility.create({
        resourceType: 'Observation',
        body: body(observation),
      })) as unknown as Observation;
      ids.push(created.id ?? '');
    }
    const read = (await facility.read({ resourceType: 'Observation', id: ids[0] ?? '' })) as unknown as Observation;
    expect(read).toMatchObject({ id: ids[0], status: 'final', meta: { versionId: '1' } });
    const vread = (await facility.vread({
      resourceType: 'Observation',
      id: ids[0] ?? '',
      version: '1',
    })) as unknown as Observation;
    expect(vread.id).toBe(ids[0]);

    let page = (await facility.search({
      resourceType: 'Observation',
      searchParams: { patient: String(patientId), code: '2345-7', _count: 2, _sort: 'date' },
    })) as unknown as Bundle;
    expect(page.total).toBe(5);
    const seen: string[] = [];
    for (;;) {
      seen.push(...(page.entry ?? []).map((e) => e.resource?.id ?? ''));
      const next = facility.nextPage({
        bundle: body(page) as FhirResource & { link: { relation: string; url: string }[] },
      });
      if (next === undefined) break;
      page = (await next) as unknown as Bundle;
    }
    expect(seen).toEqual(ids);
  });

  it('publishes with a transaction (ITI-65) and finds the document (ITI-67)', async () => {
    const bundle = provideBundle(
      { patientId },
      [
        {
          masterIdentifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.25.4242' },
          docClass: 'REF',
          description: 'Referto',
          date: '2025-03-01T10:00:00Z',
          content: Buffer.from('%PDF-1.4\n%%EOF\n'),
        },
      ],
      { sourceId: 'urn:test' },
    );
    const response = (await facility.transaction({ body: body(bundle) })) as unknown as Bundle;
    expect(response.type).toBe('transaction-response');
    const found = (await facility.search({
      resourceType: 'DocumentReference',
      searchParams: { patient: String(patientId), _include: 'DocumentReference:binary' },
    })) as unknown as Bundle;
    expect(found.entry?.map((e) => e.resource?.resourceType)).toEqual(['DocumentReference', 'Binary']);
  });

  it('works for a citizen session too: consent create and update', async () => {
    const session = await loginAs(server.baseUrl, 'giuseppe.locatelli');
    const citizen = new Client({
      baseUrl: server.fhirBase,
      customHeaders: { cookie: session.jar.header(), 'x-csrf-token': session.csrf },
    });
    const created = (await citizen.create({
      resourceType: 'Consent',
      body: body(consultationConsent(patientId, true, new Date())),
    })) as unknown as Consent;
    expect(created.status).toBe('active');
    const withdrawn = (await citizen.update({
      resourceType: 'Consent',
      id: created.id ?? '',
      body: body({ ...created, status: 'inactive' }),
    })) as unknown as Consent;
    expect(withdrawn.meta?.versionId).toBe('2');
    await expect(
      citizen.create({ resourceType: 'Consent', body: body(consultationConsent(patientId, true, new Date())) }),
    ).rejects.toMatchObject({ response: { status: 409 } });
  });
});
