import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { GatewayTestServer } from './gateway-server.ts';
import { sha256, type ProducerSigner } from './national-jwt.ts';
import { FSE2_TESTDATA } from './testdata.ts';

/** A file of the national publication samples (../shared/testdata/fse2/publication-samples). */
export const sample = (name: string): Buffer => readFileSync(join(FSE2_TESTDATA, 'publication-samples', name));
/** A fiscal code as the national JWTs' CX. */
export const cx = (cf: string): string => `${cf}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`;

export interface Sent {
  readonly file?: Buffer;
  readonly body?: unknown;
  readonly claims?: Record<string, unknown>;
  /** A ready token, or null for none; absent: a fresh one with `claims` and the file's attachment_hash. */
  readonly jwt?: string | null;
  readonly method?: string;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** A facility system calling the Gateway: bearer from client credentials, FSE-JWT-Signature from its signer. */
export function gatewayClient(server: GatewayTestServer, bearer: string, signer: ProducerSigner) {
  return {
    send: async (path: string, sent: Sent): Promise<Answer> => {
      const form = new FormData();
      if (sent.body !== undefined) form.append('requestBody', JSON.stringify(sent.body));
      if (sent.file !== undefined)
        form.append('file', new Blob([new Uint8Array(sent.file)], { type: 'application/pdf' }), 'doc.pdf');
      const hash = sent.file === undefined ? undefined : sha256(sent.file);
      const jwt =
        sent.jwt === null
          ? undefined
          : (sent.jwt ?? (await signer.token(server.gatewayUrl, { attachment_hash: hash, ...sent.claims })));
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
    },
  };
}

/** A PublicationCreationReqDTO for a referto, with this identificativoDoc's extension. */
export const publication = (identificativoDoc: string, overrides: Record<string, unknown> = {}) => ({
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

/** What a publication would have written: the record's documents and queue, the Gateway's memory. */
export async function stored(server: GatewayTestServer) {
  const row = (
    await sql<{ docs: number; validations: number; national: number; queued: number }>`
      SELECT (SELECT count(*) FROM fhir_document_reference)::int AS docs,
             (SELECT count(*) FROM fse2_validations)::int AS validations,
             (SELECT count(*) FROM fse2_documents)::int AS national,
             (SELECT count(*) FROM fse_ingestion)::int AS queued`.execute(server.db.kysely)
  ).rows[0];
  if (row === undefined) throw new Error('no counts');
  return row;
}

/** The national error body: exactly ErrorResponseDTO's fields, a "/msg/" type and the answer's status. */
export function expectNational(answer: Pick<Answer, 'status' | 'body'>, status: number, type: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
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
