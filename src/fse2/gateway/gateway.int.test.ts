import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityToken } from '../../../test/support/records/clients.ts';
import { startGatewayTestServer, type GatewayTestServer } from '../../../test/support/fse2/gateway-server.ts';
import { producerSigner } from '../../../test/support/fse2/national-jwt.ts';
import {
  cx,
  expectNational,
  gatewayClient,
  publication,
  sample,
  stored,
} from '../../../test/support/fse2/gateway-client.ts';

const RAD1 = sample('accreditamento/SIGNED_RAD1.pdf');
const RAD2 = sample('accreditamento/SIGNED_RAD2.pdf');
const RAD_PATIENT = 'RSSGPP70H47H501H';
const RAD = { person_id: cx(RAD_PATIENT), resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')" };

let server: GatewayTestServer;
let bearer: string;
let signer: Awaited<ReturnType<typeof producerSigner>>;
let send: ReturnType<typeof gatewayClient>['send'];

beforeAll(async () => {
  server = await startGatewayTestServer();
  bearer = await facilityToken(server.baseUrl);
  signer = await producerSigner();
  send = gatewayClient(server, bearer, signer).send;
  await server.addCitizen(RAD_PATIENT);
}, 120_000);
afterAll(async () => {
  await server.close();
});

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

describe('validation and publication on the national contract', () => {
  it(
    'validates a signed PDF (201, remembered), then publishes ' + 'it into the one record (202), idempotently',
    async () => {
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
      const before = await stored(server);
      expect(before.queued).toBe(before.docs); // in the ingestion queue (24 h SLA) like any document

      const again = await send('/documents', { file: RAD1, body, claims: RAD });
      expect(again.status).toBe(202);
      // The same document for the FHIR/MHD API (ITI-67) and in the access log, as any ITI-65 document.
      const search = await fetch(
        `${server.baseUrl}/fhir/R4/DocumentReference?patient.identifier=${encodeURIComponent(
          `http://hl7.it/sid/codiceFiscale|${RAD_PATIENT}`,
        )}`,
        { headers: { authorization: `Bearer ${bearer}` } },
      );
      const bundle = (await search.json()) as {
        entry?: { resource: { id: string; type: { coding: { code: string }[] } } }[];
      };
      expect(search.status, JSON.stringify(bundle)).toBe(200);
      expect(bundle.entry?.map((e) => e.resource.id)).toContain(row?.id);
      expect(bundle.entry?.[0]?.resource.type.coding[0]?.code).toBe('68604-8');
      const logged = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_events WHERE action = 'create' AND resource_id = ${row?.id ?? ''}`.execute(
        server.db.kysely,
      );
      expect(logged.rows[0]?.n).toBe(1);
      expect(await stored(server)).toEqual(before);

      const status = await fetch(
        `${server.gatewayUrl}/status/${encodeURIComponent(String(published.body.workflowInstanceId))}`,
        {
          headers: { authorization: `Bearer ${bearer}` },
        },
      );
      const events = (await status.json()) as { transactionData: { eventType: string; eventStatus: string }[] };
      expect(status.status).toBe(200);
      // The replay is a request of its own.
      expect(events.transactionData.map((e) => e.eventType)).toEqual(['VALIDATION', 'PUBLICATION', 'PUBLICATION']);
      const byTrace = await fetch(`${server.gatewayUrl}/status/search/${String(published.body.traceID)}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(((await byTrace.json()) as { transactionData: unknown[] }).transactionData).toHaveLength(1);
    },
  );

  it(
    'replaces with contextual validation (the old version ' + 'superseded), updates metadata (P99 hides), deletes',
    async () => {
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
      SELECT status FROM fhir_document_reference
        WHERE master_identifier LIKE ${`%${replaced.identificativoDoc}`}`.execute(server.db.kysely);
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
            'fse-jwt-signature': await signer.token(server.gatewayUrl, {
              action_id: 'DELETE',
              purpose_of_use: 'UPDATE',
            }),
          },
        });
      expect((await remove()).status).toBe(200);
      expect((await documentRow(body.identificativoDoc))?.status).toBe('entered-in-error');
      expect((await remove()).status).toBe(200); // a retried delete answers the same
    },
  );
  it(
    "mode RESOURCE reads the CDA from the PDF's XFA datasets " + '(resource/CDA_RESOURCE.pdf); VERIFICA keeps nothing',
    async () => {
      const before = await stored(server);
      const answer = await send('/documents/validation', {
        file: sample('resource/CDA_RESOURCE.pdf'),
        body: { activity: 'VERIFICA', mode: 'RESOURCE', healthDataFormat: 'CDA' },
        claims: { person_id: cx('RSSMRA22A01A399Z'), resource_hl7_type: "('11502-2^^2.16.840.1.113883.6.1')" },
      });
      // Extracted (not /msg/cda-element): this 2022 sample breaks today's LAB schematron, a semantic error (422).
      expectNational(answer, 422, '/msg/semantic');
      expect(answer.body.detail).toMatch(/ERRORE-12 at .*\[catalog it-fse-catalogs@\w+, schematron/s);
      expect(await stored(server)).toEqual(before);
    },
  );
  it('the Gateway rows commit with the record: a failed event write leaves no document (one transaction)', async () => {
    const body = publication('ONE-TX');
    const master = `%${body.identificativoDoc}`;
    const records = () =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM fhir_document_reference WHERE master_identifier LIKE ${master}`
        .execute(server.db.kysely)
        .then((r) => r.rows[0]?.n);
    // The last of the Gateway's writes fails, as a lost connection or a full disk would make it fail.
    await server.ownerQuery(`
      CREATE FUNCTION refuse_one_tx_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test: event refused'; END $$;
      CREATE TRIGGER refuse_one_tx_event BEFORE INSERT ON fse2_events FOR EACH ROW
      WHEN (NEW.identificativo_documento LIKE '%ONE-TX') EXECUTE FUNCTION refuse_one_tx_event()`);
    try {
      const failed = await send('/documents/validate-and-create', { file: RAD1, body, claims: RAD });
      expect(failed.status).toBe(500);
      // Before, the record had committed the document on its own: filed, with no Gateway row naming it.
      expect(await records()).toBe(0);
      expect(await documentRow(body.identificativoDoc)).toBeUndefined();
    } finally {
      await server.ownerQuery('DROP TRIGGER refuse_one_tx_event ON fse2_events; DROP FUNCTION refuse_one_tx_event()');
    }
    // The producer's retry files it once, with its Gateway rows.
    const retried = await send('/documents/validate-and-create', { file: RAD1, body, claims: RAD });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(await records()).toBe(1);
    expect(await documentRow(body.identificativoDoc)).toMatchObject({ status: 'current' });
  });
});
