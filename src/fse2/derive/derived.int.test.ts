import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { exampleCda, fileExample } from '../../../test/support/fse2/national-documents.ts';
import { cdaDeriver } from './index.ts';

const LAB_PATIENT = 'PROVAX00X00X000Y';
let server: GatewayTestServer;

beforeAll(async () => {
  server = await startGatewayTestServer();
  await server.addCitizen(LAB_PATIENT);
}, 120_000);
afterAll(async () => {
  await server.close();
});

describe('smoke', () => {
  it('stores the derived resources of a filed LAB', async () => {
    const derive = cdaDeriver(server.records.national);
    const cda = exampleCda('LAB', LAB_PATIENT);
    const id = await fileExample(server.records.national, server.db.kysely as never, 'LAB', LAB_PATIENT, {
      also: (trx, ref) => derive(trx, ref, cda),
    });
    const rows = await sql<{ n: number }>`SELECT (SELECT count(*) FROM fhir_observation WHERE source_document_id
      = ${id})::int + (SELECT count(*) FROM fhir_derived)::int AS n`.execute(server.db.kysely);
    expect(rows.rows[0]?.n).toBe(2);
    const patient =
      (await sql<{ id: number }>`SELECT id FROM citizens WHERE fiscal_code = ${LAB_PATIENT}`.execute(server.db.kysely))
        .rows[0]?.id ?? 0;
    const principal = {
      kind: 'citizen',
      citizenId: patient,
      actingFor: null,
      fiscalCode: LAB_PATIENT,
      name: 'x',
      sessionHash: 'x',
    } as const;
    const results = await server.records.derived.results(principal, patient, 'test');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      code: { system: 'http://loinc.org', code: '14957-5' },
      value: 16,
      unit: 'mg/L',
      referenceRange: { low: 0, high: 20, text: null },
      effective: '2022-03-30T10:24:26.000Z',
      sourceDocumentId: id,
      authorOrganisation: 'SAN RAFFAELE NOMENTANA',
    });
  });
});
