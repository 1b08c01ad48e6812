import type { Observation } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityToken, type Caller } from '../../../test/support/records/clients.ts';
import {
  accessLog,
  documentOf,
  LAB_LOINC,
  labPublisher,
  searchFhir,
  sessions,
  signedLab,
} from '../../../test/support/fse2/derived.ts';
import { gatewayClient } from '../../../test/support/fse2/gateway-client.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { producerSigner } from '../../../test/support/fse2/national-jwt.ts';

/**
 * A national LAB example published through the Gateway: its derived results in /fhir under the document's access
 * rules (consent, oscuramento, delegation, the GP's list), each read in the access log (issue 20 item 1).
 */
let server: GatewayTestServer;
let as: (who: string) => Caller;
let maria: { id: number; cf: string };
let documentId: string;
let observationId: string;

beforeAll(async () => {
  server = await startGatewayTestServer();
  const row = await sql<{ id: number; fiscal_code: string }>`SELECT c.id, c.fiscal_code FROM citizens c
    JOIN operators o ON o.id = c.gp_id WHERE c.given_name = 'Maria' AND c.family_name = 'Brambilla'`.execute(
    server.db.kysely,
  );
  maria = { id: Number(row.rows[0]?.id), cf: String(row.rows[0]?.fiscal_code) };
  as = await sessions(server, ['maria.brambilla', 'anna.sala'], ['mmg.colombo', 'mmg.rota']);
  const consent = await as('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/consent`, { active: true });
  expect(consent.status).toBe(200);
  const send = gatewayClient(server, await facilityToken(server.baseUrl), await producerSigner()).send;
  const published = await labPublisher(send, maria.cf).create('DERIVED-LAB-1', await signedLab(maria.cf));
  expect(published.status, JSON.stringify(published.body)).toBe(202);
  documentId = await documentOf(server, 'DERIVED-LAB-1');
}, 180_000);
afterAll(async () => {
  await server.close();
});

const fhir = (path: string) => `${server.baseUrl}/fhir/R4/${path}`;
const byCode = () => fhir(`Observation?patient=Patient/${maria.id}&code=${encodeURIComponent(LAB_LOINC)}`);
const visibleTo = async (who: string) => (await searchFhir(as(who), byCode())).map((r) => r.id);
const readStatus = async (who: string, path: string) =>
  (await as(who).get(fhir(path), { accept: 'application/fhir+json' })).status;
const setHidden = async (hidden: boolean) => {
  const r = await as('maria.brambilla').send(
    'PUT',
    `${server.baseUrl}/api/me/records/documents/${documentId}/visibility`,
    { hidden },
  );
  expect(r.status).toBe(200);
};

describe('derived results of a published LAB in /fhir', () => {
  it('the citizen and her GP find the result by patient and code, linked to its document', async () => {
    const mine = (await searchFhir(as('maria.brambilla'), byCode())) as Observation[];
    expect(mine).toHaveLength(1);
    const obs = mine[0];
    observationId = obs?.id ?? '';
    expect(obs?.meta?.source).toBe(`DocumentReference/${documentId}`);
    expect(obs?.derivedFrom).toEqual([expect.objectContaining({ reference: `DocumentReference/${documentId}` })]);
    expect(obs?.subject?.reference).toBe(`Patient/${maria.id}`);
    expect(obs?.valueQuantity).toMatchObject({ value: 16, unit: 'mg/L' });
    expect(await visibleTo('mmg.colombo')).toEqual([observationId]);
    expect(await readStatus('mmg.colombo', `Observation/${observationId}`)).toBe(200);
    // The same document's report, by category and date, and by the document it came from.
    const reports = await searchFhir(
      as('mmg.colombo'),
      fhir(`DiagnosticReport?patient=Patient/${maria.id}&date=ge2022-01-01&source-document=${documentId}`),
    );
    expect(reports).toHaveLength(1);
    const lab = await searchFhir(
      as('maria.brambilla'),
      fhir(`Observation?patient=Patient/${maria.id}&category=laboratory&derived-from=DocumentReference/${documentId}`),
    );
    expect(lab.map((r) => r.id)).toEqual([observationId]);
  });

  it('a GP whose list she is not on sees nothing, as for the document itself', async () => {
    expect(await visibleTo('mmg.rota')).toEqual([]);
    expect(await searchFhir(as('mmg.rota'), fhir(`DocumentReference?patient=Patient/${maria.id}`))).toEqual([]);
    const documentStatus = await readStatus('mmg.rota', `DocumentReference/${documentId}`);
    expect(documentStatus).toBe(404);
    expect(await readStatus('mmg.rota', `Observation/${observationId}`)).toBe(documentStatus);
  });

  it('hiding the document hides its results from the GP, not from her; showing it restores them', async () => {
    await setHidden(true);
    expect(await visibleTo('mmg.colombo')).toEqual([]);
    expect(await readStatus('mmg.colombo', `Observation/${observationId}`)).toBe(404);
    expect(await searchFhir(as('mmg.colombo'), fhir(`DiagnosticReport?patient=Patient/${maria.id}`))).toEqual([]);
    expect(await visibleTo('maria.brambilla')).toEqual([observationId]);
    await setHidden(false);
    expect(await visibleTo('mmg.colombo')).toEqual([observationId]);
  });

  it('withdrawing the consent hides them from the GP', async () => {
    const consent = (active: boolean) =>
      as('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/consent`, { active });
    expect((await consent(false)).status).toBe(200);
    expect(await visibleTo('mmg.colombo')).toEqual([]);
    expect(await readStatus('mmg.colombo', `Observation/${observationId}`)).toBe(404);
    expect((await consent(true)).status).toBe(200);
    expect(await visibleTo('mmg.colombo')).toEqual([observationId]);
  });

  it('a live delegate sees them; a revoked delegate is refused', async () => {
    const anna = await sql<{ id: number }>`SELECT id FROM citizens WHERE given_name = 'Anna' AND family_name = 'Sala'`
      .execute(server.db.kysely)
      .then((r) => Number(r.rows[0]?.id));
    await sql`INSERT INTO delegations (delegator_id, delegate_id) VALUES (${maria.id}, ${anna})`.execute(
      server.db.kysely,
    );
    expect(await visibleTo('anna.sala')).toEqual([observationId]);
    await sql`UPDATE delegations SET revoked_at = now() WHERE delegate_id = ${anna}`.execute(server.db.kysely);
    expect(await visibleTo('anna.sala')).toEqual([]);
    expect(await readStatus('anna.sala', `Observation/${observationId}`)).toBe(404);
  });

  it('every read and search writes an access-log entry, as a document read does', async () => {
    const before = await accessLog(server, 'Observation', maria.id);
    expect(await readStatus('mmg.colombo', `Observation/${observationId}`)).toBe(200);
    await visibleTo('maria.brambilla');
    const added = (await accessLog(server, 'Observation', maria.id)).slice(before.length);
    expect(added).toEqual([
      { actor_role: 'gp', action: 'read', purpose: 'consultation', outcome: 'success' },
      { actor_role: 'citizen', action: 'search', purpose: 'self-access', outcome: 'success' },
    ]);
  });
});
