import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityToken } from '../../records/testing.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { producerSigner, sha256 } from '../../../test/support/fse2/national-jwt.ts';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';

const SAMPLES = join(FSE2_TESTDATA, 'publication-samples');
const sample = (name: string) => readFileSync(join(SAMPLES, name));
const RAD1 = sample('accreditamento/SIGNED_RAD1.pdf');
const RAD2 = sample('accreditamento/SIGNED_RAD2.pdf');
const LAB2 = sample('accreditamento/SIGNED_LAB2.pdf');
const RAD_PATIENT = 'RSSGPP70H47H501H';
const LAB_PATIENT = 'PROVAX00X00X000Y';
const cx = (cf: string) => `${cf}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`;
const RAD = { person_id: cx(RAD_PATIENT), resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')" };

let server: GatewayTestServer;
let bearer: string;
let signer: Awaited<ReturnType<typeof producerSigner>>;

beforeAll(async () => {
  server = await startGatewayTestServer();
  bearer = await facilityToken(server.baseUrl);
  signer = await producerSigner();
  await server.addCitizen(RAD_PATIENT);
  await server.addCitizen(LAB_PATIENT);
}, 120_000);
afterAll(async () => {
  await server.close();
});

interface Sent {
  readonly file?: Buffer;
  readonly body?: unknown;
  readonly claims?: Record<string, unknown>;
  readonly jwt?: string | null;
  readonly method?: string;
}

async function send(
  path: string,
  sent: Sent,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const form = new FormData();
  if (sent.body !== undefined) form.append('requestBody', JSON.stringify(sent.body));
  if (sent.file !== undefined)
    form.append('file', new Blob([new Uint8Array(sent.file)], { type: 'application/pdf' }), 'doc.pdf');
  const jwt =
    sent.jwt === null
      ? undefined
      : (sent.jwt ??
        (await signer.token(server.gatewayUrl, {
          attachment_hash: sent.file === undefined ? undefined : sha256(sent.file),
          ...sent.claims,
        })));
  const response = await fetch(`${server.gatewayUrl}${path}`, {
    method: sent.method ?? 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...(jwt === undefined ? {} : { 'fse-jwt-signature': jwt }) },
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

const publication = (identificativoDoc: string, overrides: Record<string, unknown> = {}) => ({
  tipologiaStruttura: 'Ospedale',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC001',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: `2.16.840.1.113883.2.9.2.30.4.3.${identificativoDoc}`,
  identificativoDoc: `2.16.840.1.113883.2.9.2.30.4.4^${identificativoDoc}`,
  identificativoRep: '2.16.840.1.113883.2.9.2.30.4.5.1',
  mode: 'ATTACHMENT',
  healthDataFormat: 'CDA',
  attiCliniciRegoleAccesso: ['P97'],
  dataInizioPrestazione: '20220330100000',
  dataFinePrestazione: '20220330112426',
  ...overrides,
});

const counts = async () =>
  (
    await sql<{ docs: number; validations: number; national: number; queued: number }>`
      SELECT (SELECT count(*) FROM fhir_document_reference)::int AS docs,
             (SELECT count(*) FROM fse2_validations)::int AS validations,
             (SELECT count(*) FROM fse2_documents)::int AS national,
             (SELECT count(*) FROM fse_ingestion)::int AS queued`.execute(server.db.kysely)
  ).rows[0];

const documentRow = (identificativoDoc: string) =>
  sql<{
    id: string;
    status: string;
    doc_class: string;
    hidden: boolean;
    setting: string[];
    event: string[];
    patient_id: number;
  }>`
    SELECT d.id, d.status, d.doc_class, d.hidden, d.setting, d.event, d.patient_id FROM fhir_document_reference d
    JOIN fse2_documents n ON n.document_reference_id = d.id WHERE n.identificativo_doc = ${identificativoDoc}`
    .execute(server.db.kysely)
    .then((r) => r.rows[0]);

/** The national error body: exactly ErrorResponseDTO's fields, a "/msg/" type and the answer's status. */
function expectNational(answer: { status: number; body: Record<string, unknown> }, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(Object.keys(answer.body).sort()).toEqual([
    'detail',
    'instance',
    'spanID',
    'status',
    'title',
    'traceID',
    'type',
  ]);
  expect(answer.body).toMatchObject({ status, type });
}

describe('validation and publication on the national contract', () => {
  it('validates a signed PDF (201, remembered), then publishes it into the one record (202), idempotently', async () => {
    const validated = await send('/documents/validation', {
      file: RAD1,
      body: { activity: 'VALIDATION', mode: 'ATTACHMENT', healthDataFormat: 'CDA' },
      claims: RAD,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(201);
    expect(validated.body.workflowInstanceId).toMatch(/\^\^\^\^urn:ihe:iti:xdw:2013:workflowInstanceId$/);
    expect(validated.headers.get('fse-validation-result')).toMatch(/^valid; warnings=\d+$/);
    expect(validated.headers.get('fse-catalog-version')).toMatch(/^it-fse-catalogs@/);

    const body = publication('RAD1', { workflowInstanceId: validated.body.workflowInstanceId });
    const published = await send('/documents', { file: RAD1, body, claims: RAD });
    expect(published.status, JSON.stringify(published.body)).toBe(202);
    expect(published.body.workflowInstanceId).toBe(validated.body.workflowInstanceId);
    expect(published.headers.get('fse-catalog-version')).toMatch(/^it-fse-catalogs@/);

    const row = await documentRow(body.identificativoDoc);
    expect(row).toMatchObject({ status: 'current', doc_class: 'REF', hidden: false });
    expect(row?.setting.join(' ')).toContain('AD_PSC001');
    expect(row?.event.join(' ')).toContain('P97');
    const before = (await counts())!;
    expect(before.queued).toBe(before.docs); // in the ingestion queue (24 h SLA) like any document

    const again = await send('/documents', { file: RAD1, body, claims: RAD });
    expect(again.status).toBe(202);
    expect(await counts()).toEqual(before);

    const status = await fetch(
      `${server.gatewayUrl}/status/${encodeURIComponent(String(published.body.workflowInstanceId))}`,
      {
        headers: { authorization: `Bearer ${bearer}` },
      },
    );
    const events = (await status.json()) as { transactionData: { eventType: string; eventStatus: string }[] };
    expect(status.status).toBe(200);
    expect(events.transactionData.map((e) => e.eventType)).toEqual(['VALIDATION', 'PUBLICATION', 'PUBLICATION']); // the replay is a request of its own
    const byTrace = await fetch(`${server.gatewayUrl}/status/search/${String(published.body.traceID)}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(((await byTrace.json()) as { transactionData: unknown[] }).transactionData).toHaveLength(1);
  });

  it('replaces with contextual validation (the old version superseded), updates metadata (P99 hides), deletes', async () => {
    const replaced = publication('RAD1');
    const body = publication('RAD2');
    const answer = await send(`/documents/validate-and-replace/${encodeURIComponent(replaced.identificativoDoc)}`, {
      method: 'PUT',
      file: RAD2,
      body,
      claims: { ...RAD, action_id: 'UPDATE', purpose_of_use: 'UPDATE' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const old = await sql<{ status: string }>`
      SELECT status FROM fhir_document_reference WHERE master_identifier LIKE ${`%${replaced.identificativoDoc}`}`.execute(
      server.db.kysely,
    );
    expect(old.rows[0]?.status).toBe('superseded');

    const claims = {
      person_id: cx(RAD_PATIENT),
      action_id: 'UPDATE',
      purpose_of_use: 'ACCESS UPDATE',
      resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')",
    };
    const meta = await fetch(
      `${server.gatewayUrl}/documents/${encodeURIComponent(body.identificativoDoc)}/metadata-iti-57`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
          'fse-jwt-signature': await signer.token(server.gatewayUrl, claims),
        },
        body: JSON.stringify({
          tipologiaStruttura: 'Ospedale',
          tipoDocumentoLivAlto: 'REF',
          assettoOrganizzativo: 'AD_PSC002',
          tipoAttivitaClinica: 'CON',
          identificativoSottomissione: '2.16.840.1.113883.2.9.2.30.4.3.META',
          attiCliniciRegoleAccesso: ['P99'],
        }),
      },
    );
    expect(meta.status, await meta.clone().text()).toBe(200);
    const updated = await documentRow(body.identificativoDoc);
    expect(updated?.hidden).toBe(true);
    expect(updated?.setting.join(' ')).toContain('AD_PSC002');

    const remove = async () =>
      fetch(`${server.gatewayUrl}/documents/${encodeURIComponent(body.identificativoDoc)}`, {
        method: 'DELETE',
        headers: {
          authorization: `Bearer ${bearer}`,
          'fse-jwt-signature': await signer.token(server.gatewayUrl, { action_id: 'DELETE', purpose_of_use: 'UPDATE' }),
        },
      });
    expect((await remove()).status).toBe(200);
    expect((await documentRow(body.identificativoDoc))?.status).toBe('entered-in-error');
    expect((await remove()).status).toBe(200); // a retried delete answers the same
  });
});
