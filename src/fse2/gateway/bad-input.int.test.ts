import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityToken } from '../../../test/support/records/clients.ts';
import {
  cx,
  expectNational,
  gatewayClient,
  publication,
  sample,
  stored,
} from '../../../test/support/fse2/gateway-client.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { producerSigner, sha256 } from '../../../test/support/fse2/national-jwt.ts';
import { extractCda, loadPdf } from './pdf.ts';

// Item 8 of issue 19: each refusal has the national error shape, a message a producer can act on, never a 500,
// and leaves nothing behind (no document, no queue row, no remembered validation).
const RAD1 = sample('accreditamento/SIGNED_RAD1.pdf');
const RAD_PATIENT = 'RSSGPP70H47H501H';
const RAD = { person_id: cx(RAD_PATIENT), resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')" };
const VALIDATION = { activity: 'VALIDATION', mode: 'ATTACHMENT', healthDataFormat: 'CDA' };

let server: GatewayTestServer;
let bearer: string;
let send: ReturnType<typeof gatewayClient>['send'];

beforeAll(async () => {
  server = await startGatewayTestServer();
  bearer = await facilityToken(server.baseUrl);
  send = gatewayClient(server, bearer, await producerSigner()).send;
  await server.addCitizen(RAD_PATIENT);
}, 120_000);
afterAll(async () => {
  expect(await stored(server)).toEqual({ docs: 0, validations: 0, national: 0, queued: 0 });
  await server.close();
});

/** An unsigned PDF carrying this CDA as "cda.xml" (validation accepts unsigned PDFs; publication does not). */
async function pdfWith(cda: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  await pdf.attach(cda, 'cda.xml', { mimeType: 'text/xml' });
  return Buffer.from(await pdf.save());
}
const radCda = async () => extractCda(await loadPdf(RAD1), 'ATTACHMENT');

describe('bad input on the national Gateway', () => {
  it('unknown template: the CDA names no templateId of the national catalog', async () => {
    const cda = (await radCda())
      .toString('utf8')
      .replaceAll('2.16.840.1.113883.2.9.10.1.7.1', '2.16.840.1.113883.2.9.10.1.777');
    const answer = await send('/documents/validation', {
      file: await pdfWith(Buffer.from(cda)),
      body: VALIDATION,
      claims: RAD,
    });
    expectNational(answer, 400, '/msg/syntax');
    expect(answer.body.detail).toMatch(/templateId/);
    expect(answer.body.detail).toMatch(/catalog it-fse-catalogs@/);
  });

  it('wrong patient identifier: person_id is not the CDA patient, or the patient is not in the registry', async () => {
    const other = await send('/documents/validation', {
      file: RAD1,
      body: VALIDATION,
      claims: { ...RAD, person_id: cx('BNCLRA80A41F205X') },
    });
    expectNational(other, 400, '/msg/jwt-validation');
    expect(other.body.detail).toContain(RAD_PATIENT);
    // SIGNED_RSA1 (valid, PAdES) is about RSSMRA22A01A399Z, who is not in this registry: the record refuses,
    // nothing is kept.
    const unknown = await send('/documents/validate-and-create', {
      file: sample('accreditamento/SIGNED_RSA1.pdf'),
      body: publication('UNKNOWN-PATIENT'),
      claims: { person_id: cx('RSSMRA22A01A399Z'), resource_hl7_type: "('11488-4^^2.16.840.1.113883.6.1')" },
    });
    expectNational(unknown, 400, '/msg/record-not-found');
    expect(unknown.body.detail).toMatch(/not in the regional registry/);
  });

  it('a PDF with no cda.xml', async () => {
    const answer = await send('/documents/validation', {
      file: sample('resource/CDA_RESOURCE.pdf'),
      body: VALIDATION,
      claims: RAD,
    });
    expectNational(answer, 400, '/msg/cda-element');
    expect(answer.body.detail).toMatch(/cda\.xml/);
  });

  it('a hash mismatch: attachment_hash is not the file sent', async () => {
    const answer = await send('/documents/validate-and-create', {
      file: RAD1,
      body: publication('HASH'),
      claims: { ...RAD, attachment_hash: sha256(Buffer.from('another file')) },
    });
    expectNational(answer, 400, '/msg/document-hash');
    expect(answer.body.detail).toContain(sha256(RAD1));
  });

  it('a publication of a CDA that was never validated (/msg/cda-match)', async () => {
    const answer = await send('/documents', { file: RAD1, body: publication('NOT-VALIDATED'), claims: RAD });
    expectNational(answer, 400, '/msg/cda-match');
  });

  it('a signature that is not PAdES, and a PAdES signature over other bytes', async () => {
    const cades = await send('/documents/validation', {
      file: sample('attachment/pdf_msg_SATR_LAB_Rapporto_di_Medicina_di_Laboratorio.pdf'),
      body: VALIDATION,
      claims: RAD,
    });
    expectNational(cades, 400, '/msg/document-type');
    expect(cades.body.detail).toMatch(/adbe\.pkcs7\.detached.*not PAdES/);
    // SIGNED_LAB1's ByteRange ends 583 bytes past the end of the file: it was changed after signing.
    const altered = await send('/documents/validation', {
      file: sample('accreditamento/SIGNED_LAB1.pdf'),
      body: VALIDATION,
      claims: RAD,
    });
    expectNational(altered, 400, '/msg/document-type');
    expect(altered.body.detail).toMatch(/ByteRange/);
  });

  it('metadata that contradicts the CDA: a radiology report published as a discharge letter', async () => {
    const answer = await send('/documents/validate-and-create', {
      file: RAD1,
      body: publication('WRONG-CLASS', { tipoDocumentoLivAlto: 'LDO' }),
      claims: RAD,
    });
    expectNational(answer, 400, '/msg/invalid-format');
    expect(answer.body.detail).toMatch(/LDO contradicts the CDA's type 68604-8/);
    const claimed = await send('/documents/validation', {
      file: RAD1,
      body: VALIDATION,
      claims: { ...RAD, resource_hl7_type: "('11502-2^^2.16.840.1.113883.6.1')" },
    });
    expectNational(claimed, 400, '/msg/invalid-format');
  });

  it('the request itself: no JWT, no bearer, a missing field, not multipart, an unknown path', async () => {
    expectNational(
      await send('/documents/validation', { file: RAD1, body: VALIDATION, jwt: null }),
      403,
      '/msg/missing-token',
    );
    expectNational(
      await send('/documents/validation', { file: RAD1, body: { mode: 'ATTACHMENT' }, claims: RAD }),
      400,
      '/msg/mandatory-element',
    );
    const noBearer = await fetch(`${server.gatewayUrl}/documents/validation`, { method: 'POST', body: new FormData() });
    expectNational(
      { status: noBearer.status, body: (await noBearer.json()) as Record<string, unknown> },
      401,
      '/msg/missing-token',
    );
    const json = await fetch(`${server.gatewayUrl}/documents/validation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(VALIDATION),
    });
    expectNational(
      { status: json.status, body: (await json.json()) as Record<string, unknown> },
      400,
      '/msg/invalid-format',
    );
    const nowhere = await fetch(`${server.gatewayUrl}/nowhere`, { headers: { authorization: `Bearer ${bearer}` } });
    expectNational(
      { status: nowhere.status, body: (await nowhere.json()) as Record<string, unknown> },
      404,
      '/msg/record-not-found',
    );
  });
});
