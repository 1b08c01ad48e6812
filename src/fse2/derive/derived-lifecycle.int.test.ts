import type { Immunization } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCdaToFhir } from '../transform/index.ts';
import { facilityToken, type Caller } from '../../../test/support/records/clients.ts';
import {
  derivedCounts,
  documentOf,
  labPublisher,
  searchFhir,
  sessions,
  signedLab,
} from '../../../test/support/fse2/derived.ts';
import { gatewayClient } from '../../../test/support/fse2/gateway-client.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { exampleCda, fileExample } from '../../../test/support/fse2/national-documents.ts';
import { producerSigner } from '../../../test/support/fse2/national-jwt.ts';
import { cdaDeriver, conversionFailureMetrics, conversionFailureSummary } from './index.ts';
import type { OperatorPrincipal } from '../../shared/principal.ts';

/** Derived resources follow their document: replaced, removed, never stored twice; failures filed and counted. */
let server: GatewayTestServer;
let as: (who: string) => Caller;
let maria: { id: number; cf: string };
let lab: ReturnType<typeof labPublisher>;
let gp: OperatorPrincipal;

beforeAll(async () => {
  server = await startGatewayTestServer();
  const row = await sql<{ id: number; fiscal_code: string; gp_id: number }>`SELECT id, fiscal_code, gp_id
    FROM citizens WHERE given_name = 'Maria' AND family_name = 'Brambilla'`.execute(server.db.kysely);
  maria = { id: Number(row.rows[0]?.id), cf: String(row.rows[0]?.fiscal_code) };
  gp = {
    kind: 'operator',
    operatorId: Number(row.rows[0]?.gp_id),
    role: 'gp',
    name: 'Colombo',
    fiscalCode: 'CLMPLA70A01F205X',
    facilityId: null,
    provinceCode: null,
    sessionHash: 'test',
  };
  as = await sessions(server, ['maria.brambilla'], []);
  expect(
    (await as('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/consent`, { active: true })).status,
  ).toBe(200);
  lab = labPublisher(gatewayClient(server, await facilityToken(server.baseUrl), await producerSigner()).send, maria.cf);
}, 180_000);
afterAll(async () => {
  await server.close();
});

const valueOf = async (documentId: string) =>
  (
    await sql<{ value: string }>`SELECT content->'valueQuantity'->>'value' AS value FROM fhir_observation
      WHERE source_document_id = ${documentId}`.execute(server.db.kysely)
  ).rows.map((r) => Number(r.value));

describe('derived resources over a document’s life', () => {
  it('a replace replaces them; a delete removes them', async () => {
    expect((await lab.create('LIFE-1', await signedLab(maria.cf))).status).toBe(202);
    const first = await documentOf(server, 'LIFE-1');
    expect(await derivedCounts(server, first)).toEqual({ observations: 1, others: 1, history: 1 });
    expect(await valueOf(first)).toEqual([16]);
    // The lab corrects the value: 16 becomes 18 mg/L in the new version.
    const corrected = await signedLab(maria.cf, (cda) =>
      cda.replace('<value xsi:type="PQ" value="16.00"', '<value xsi:type="PQ" value="18.00"'),
    );
    const replaced = await lab.replace('LIFE-1', 'LIFE-2', corrected);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(202);
    const second = await documentOf(server, 'LIFE-2');
    expect(await derivedCounts(server, first)).toEqual({ observations: 0, others: 0, history: 0 });
    expect(await derivedCounts(server, second)).toEqual({ observations: 1, others: 1, history: 1 });
    expect(await valueOf(second)).toEqual([18]);

    expect((await lab.remove('LIFE-2')).status).toBe(200);
    expect(await derivedCounts(server, second)).toEqual({ observations: 0, others: 0, history: 0 });
    const left = await searchFhir(as('maria.brambilla'), `${server.baseUrl}/fhir/R4/Observation?patient=${maria.id}`);
    expect(left).toEqual([]);
  });

  it('replaying the conversion, or the publication, stores nothing twice', async () => {
    const file = await signedLab(maria.cf);
    expect((await lab.create('LIFE-3', file)).status).toBe(202);
    const documentId = await documentOf(server, 'LIFE-3');
    const once = await derivedCounts(server, documentId);
    expect(once).toEqual({ observations: 1, others: 1, history: 1 });
    const conversion = convertCdaToFhir(exampleCda('LAB', maria.cf), { documentReferenceId: documentId });
    if (!conversion.ok) throw new Error(conversion.message);
    const again = await server.db.kysely
      .transaction()
      .execute((trx) => server.records.national.storeDerived(trx, documentId, conversion.bundle));
    expect(again).toEqual({ stored: 0 });
    expect((await lab.create('LIFE-3', file)).status).toBe(202); // the Gateway's idempotent replay
    expect(await derivedCounts(server, documentId)).toEqual(once);
    // The views' list: one result, with its document and the lab that wrote it; the GP's call is logged.
    const logged = () =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE actor_role = 'gp'
        AND resource_type = 'Observation' AND subject_citizen_id = ${maria.id}`
        .execute(server.db.kysely)
        .then((r) => r.rows[0]?.n ?? 0);
    const before = await logged();
    const results = await server.records.derived.results(gp, maria.id, 'test-views');
    expect(results.map((r) => [r.code.code, r.value, r.unit, r.sourceDocumentId])).toEqual([
      ['14957-5', 16, 'mg/L', documentId],
    ]);
    expect(results[0]?.referenceRange).toEqual({ low: 0, high: 20, text: null });
    expect(results[0]?.authorOrganisation).not.toBeNull();
    expect(await logged()).toBe(before + 1);
  });

  it('a document whose conversion fails is filed, and counted by type and reason only', async () => {
    const derive = cdaDeriver(server.records.national);
    const broken = Buffer.from('<ClinicalDocument><code code="11502-2"/>'); // cut off in transit
    const id = await fileExample(server.records.national, server.db.kysely as never, 'LAB', maria.cf, {
      uniqueId: '2.16.840.1.113883.2.9.2.30.4.4^BROKEN-1',
      also: (trx, ref) => derive(trx, ref, broken),
    });
    const filed = await sql<{ status: string }>`SELECT status FROM fhir_document_reference WHERE id = ${id}`.execute(
      server.db.kysely,
    );
    expect(filed.rows[0]?.status).toBe('current');
    expect(await derivedCounts(server, id)).toEqual({ observations: 0, others: 0, history: 0 });
    await server.db.kysely.transaction().execute((trx) => derive(trx, id, broken)); // a replay counts once
    expect(await conversionFailureSummary(server.db.kysely)).toEqual([
      { documentType: 'LAB', reason: 'not_cda', count: 1 },
    ]);
    const registry = new Registry();
    conversionFailureMetrics(registry, server.db.kysely);
    expect(await registry.metrics()).toContain('fse2_conversion_failures{document_type="LAB",reason="not_cda"} 1');
  });

  it('a VACC document’s vaccination joins Immunization; the views’ list hides it with its document', async () => {
    const derive = cdaDeriver(server.records.national);
    const cda = exampleCda('SING_VACC', maria.cf);
    const id = await fileExample(server.records.national, server.db.kysely as never, 'SING_VACC', maria.cf, {
      also: (trx, ref) => derive(trx, ref, cda),
    });
    const found = (await searchFhir(
      as('maria.brambilla'),
      `${server.baseUrl}/fhir/R4/Immunization?patient=Patient/${maria.id}`,
    )) as Immunization[];
    const derived = found.filter((i) => i.meta?.source === `DocumentReference/${id}`);
    expect(derived).toHaveLength(1);
    expect(derived[0]?.patient.reference).toBe(`Patient/${maria.id}`);
    const read = await as('maria.brambilla').get(`${server.baseUrl}/fhir/R4/Immunization/${derived[0]?.id ?? ''}`);
    expect(read.status).toBe(200);

    expect(await server.records.derived.immunizations(gp, maria.id, 'test-views')).toHaveLength(1);
    await sql`UPDATE fhir_document_reference SET hidden = true WHERE id = ${id}`.execute(server.db.kysely);
    expect(await server.records.derived.immunizations(gp, maria.id, 'test-views')).toEqual([]);
    const citizen = await searchFhir(
      as('maria.brambilla'),
      `${server.baseUrl}/fhir/R4/Immunization?patient=Patient/${maria.id}&_id=${derived[0]?.id ?? ''}`,
    );
    expect(citizen).toHaveLength(1); // the citizen still sees what she hid
  });
});
