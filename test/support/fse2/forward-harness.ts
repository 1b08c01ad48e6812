import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { expect } from 'vitest';
import {
  createForwarder,
  startNationalSimulator,
  type Forwarder,
  type NationalSimulator,
  type RelayTuning,
} from '../../../src/fse2/index.ts';
import { facilityToken } from '../records/clients.ts';
import { cx, gatewayClient, publication, sample } from './gateway-client.ts';
import { startGatewayTestServer, type GatewayTestServer } from './gateway-server.ts';
import { producerSigner } from './national-jwt.ts';

const RAD1 = sample('accreditamento/SIGNED_RAD1.pdf');
const RAD2 = sample('accreditamento/SIGNED_RAD2.pdf');
const PATIENT = 'RSSGPP70H47H501H';
const RAD = { person_id: cx(PATIENT), resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')" };
const idDoc = (name: string): string => publication(name).identificativoDoc;

export interface OutboxRow {
  idempotency_key: string;
  identificativo_doc: string;
  operation: string;
  state: string;
  attempts: number;
  last_cause: string | null;
  national_error: Record<string, unknown> | null;
}

/**
 * The Gateway on a fresh database writing to the forwarding outbox, the national simulator on loopback, and a
 * forwarder with test timings (timeout 400 ms, backoff 50-400 ms, lease 1.5 s) that a test can replace by a
 * fresh one, as a restarted process would be.
 */
export async function startForwardHarness() {
  const simulator: NationalSimulator = await startNationalSimulator();
  let forwarder: Forwarder | null = null;
  let registry = new Registry();
  const faults = { failNextEnqueue: false };
  const server: GatewayTestServer = await startGatewayTestServer({
    forward: async (trx, change) => {
      if (forwarder === null) throw new Error('no forwarder');
      await forwarder.enqueue(trx, change);
      if (faults.failNextEnqueue) {
        faults.failNextEnqueue = false;
        throw new Error('the outbox write failed after the row was inserted');
      }
    },
  });
  const bearer = await facilityToken(server.baseUrl);
  const signer = await producerSigner();
  const { send } = gatewayClient(server, bearer, signer);
  await server.addCitizen(PATIENT);
  const validated = await send('/documents/validation', {
    file: RAD1,
    body: { activity: 'VALIDATION', mode: 'ATTACHMENT', healthDataFormat: 'CDA' },
    claims: RAD,
  });
  expect(validated.status, JSON.stringify(validated.body)).toBe(201);

  const harness = {
    simulator,
    server,
    idDoc,
    /** The next outbox write fails (after its INSERT): the whole publication must roll back. */
    faults,
    /** A publication's raw answer, for the refused case. */
    async tryPublish(name: string): Promise<number> {
      const body = publication(name, { workflowInstanceId: validated.body.workflowInstanceId });
      return (await send('/documents', { file: RAD1, body, claims: RAD })).status;
    },
    metrics: () => registry,
    /** Starts a fresh forwarder (a new process); `afterSend` runs between a send and its mark. */
    async startForwarder(
      afterSend?: (item: { identificativoDoc: string }) => void,
      tuning: Partial<RelayTuning> = {},
    ): Promise<void> {
      await forwarder?.stop();
      registry = new Registry();
      forwarder = createForwarder({
        db: server.db.kysely,
        config: {
          FSE2_NATIONAL_GATEWAY_URL: simulator.url,
          FSE2_NATIONAL_SIMULATOR_PORT: 0,
          FSE2_FORWARD_TIMEOUT_MS: 400,
          FSE2_FORWARD_BACKOFF_CAP_MS: 400,
        },
        demo: false,
        metrics: registry,
        log: pino({ level: 'silent' }),
        documentFiles: (ids) => server.records.national.contents(ids),
        tuning: { idleMs: 30, leaseMs: 1_500, backoff: { baseMs: 50, capMs: 400 }, probeMs: 100, ...tuning },
        ...(afterSend ? { afterSend } : {}),
      });
      await forwarder.start();
    },
    async stopForwarder(): Promise<void> {
      await forwarder?.stop();
    },
    /** A publication of RAD1 as the document `name` (the validation above covers its CDA): answered 202. */
    async publish(name: string): Promise<void> {
      const body = publication(name, { workflowInstanceId: validated.body.workflowInstanceId });
      const answer = await send('/documents', { file: RAD1, body, claims: RAD });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    },
    async replace(old: string, name: string): Promise<void> {
      const answer = await send(`/documents/validate-and-replace/${encodeURIComponent(idDoc(old))}`, {
        method: 'PUT',
        file: RAD2,
        body: publication(name),
        claims: { ...RAD, action_id: 'UPDATE', purpose_of_use: 'UPDATE' },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    },
    async updateMetadata(name: string): Promise<void> {
      const claims = { ...RAD, action_id: 'UPDATE', purpose_of_use: 'UPDATE' };
      const response = await fetch(
        `${server.gatewayUrl}/documents/${encodeURIComponent(idDoc(name))}/metadata-iti-57`,
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
            identificativoSottomissione: `2.16.840.1.113883.2.9.2.30.4.3.META.${name}`,
          }),
        },
      );
      expect(response.status, await response.clone().text()).toBe(200);
    },
    async remove(name: string): Promise<void> {
      const response = await fetch(`${server.gatewayUrl}/documents/${encodeURIComponent(idDoc(name))}`, {
        method: 'DELETE',
        headers: {
          authorization: `Bearer ${bearer}`,
          'fse-jwt-signature': await signer.token(server.gatewayUrl, { action_id: 'DELETE', purpose_of_use: 'UPDATE' }),
        },
      });
      expect(response.status, await response.clone().text()).toBe(200);
    },
    /** The record's own copy: current in the FSE the moment the Gateway answered. */
    async localStatus(name: string): Promise<string | undefined> {
      const result = await sql<{ status: string }>`
        SELECT d.status FROM fhir_document_reference d
        JOIN fse2_documents n ON n.document_reference_id = d.id WHERE n.identificativo_doc = ${idDoc(name)}`.execute(
        server.db.kysely,
      );
      return result.rows[0]?.status;
    },
    async outbox(): Promise<OutboxRow[]> {
      const result = await sql<OutboxRow>`
        SELECT idempotency_key, identificativo_doc, operation, state, attempts, last_cause, national_error
        FROM fse2_forward_outbox ORDER BY id`.execute(server.db.kysely);
      return result.rows;
    },
    async counter(name: string, labels: Record<string, string>): Promise<number> {
      const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
      const values = (metric as { values?: { value: number; labels: Record<string, string> }[] } | undefined)?.values;
      const match = values?.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
      return match?.value ?? 0;
    },
    async close(): Promise<void> {
      await forwarder?.stop();
      await simulator.close();
      await server.close();
    },
  };
  return harness;
}

export type ForwardHarness = Awaited<ReturnType<typeof startForwardHarness>>;
