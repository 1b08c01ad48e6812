import type { Bundle, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { loginAs } from '../../helpers/browserless-login.ts';
import { sessionCaller, type Caller } from '../records/clients.ts';
import { cx, gatewayClient, publication } from './gateway-client.ts';
import type { GatewayTestServer } from './gateway-server.ts';
import { cdaPdf, exampleCda } from './national-documents.ts';
import { padesSigned } from './pades.ts';

/** The national LAB example's one result (esempi/CDA/LAB.xml): microalbumin in urine, 16 mg/L. */
export const LAB_LOINC = 'http://loinc.org|14957-5';
export const LAB_TYPE = "('11502-2^^2.16.840.1.113883.6.1')";

/** A signed PDF carrying the national LAB example for `fiscalCode`; `edit` changes the CDA text (a correction). */
export async function signedLab(fiscalCode: string, edit: (cda: string) => string = (c) => c): Promise<Buffer> {
  const cda = Buffer.from(edit(exampleCda('LAB', fiscalCode).toString('utf8')));
  return padesSigned(await cdaPdf(cda, 'Referto di laboratorio'));
}

/** The Gateway as a facility's system calls it, for one patient's documents. */
export function labPublisher(send: ReturnType<typeof gatewayClient>['send'], fiscalCode: string) {
  const claims = { person_id: cx(fiscalCode), resource_hl7_type: LAB_TYPE };
  return {
    create: async (idDoc: string, file: Buffer) =>
      send('/documents/validate-and-create', { file, body: publication(idDoc), claims }),
    replace: async (oldIdDoc: string, idDoc: string, file: Buffer) =>
      send(`/documents/validate-and-replace/${encodeURIComponent(publication(oldIdDoc).identificativoDoc)}`, {
        method: 'PUT',
        file,
        body: publication(idDoc),
        claims: { ...claims, action_id: 'UPDATE', purpose_of_use: 'UPDATE' },
      }),
    remove: async (idDoc: string) =>
      send(`/documents/${encodeURIComponent(publication(idDoc).identificativoDoc)}`, {
        method: 'DELETE',
        claims: { ...claims, action_id: 'DELETE', purpose_of_use: 'UPDATE' },
      }),
  };
}

/** The record's DocumentReference id of a national document. */
export async function documentOf(server: GatewayTestServer, idDoc: string): Promise<string> {
  const row = await sql<{ id: string }>`SELECT document_reference_id::text AS id FROM fse2_documents
    WHERE identificativo_doc = ${publication(idDoc).identificativoDoc}`.execute(server.db.kysely);
  const id = row.rows[0]?.id;
  if (id === undefined) throw new Error(`no document ${idDoc}`);
  return id;
}

/** Derived rows in the database for a document (Observations and the other types). */
export async function derivedCounts(server: GatewayTestServer, documentId: string) {
  const row = await sql<{ observations: number; others: number; history: number }>`
    SELECT (SELECT count(*) FROM fhir_observation WHERE source_document_id = ${documentId})::int AS observations,
      (SELECT count(*) FROM fhir_derived WHERE source_document_id = ${documentId})::int AS others,
      (SELECT count(*) FROM fhir_observation_history h JOIN fhir_observation o USING (id)
        WHERE o.source_document_id = ${documentId})::int AS history`.execute(server.db.kysely);
  return row.rows[0] ?? { observations: -1, others: -1, history: -1 };
}

export async function sessions(server: GatewayTestServer, citizens: string[], operators: string[]) {
  const as: Record<string, Caller> = {};
  for (const name of citizens) as[name] = sessionCaller(await loginAs(server.baseUrl, name));
  for (const name of operators) as[name] = sessionCaller(await loginAs(server.baseUrl, name, { as: 'operator' }));
  return (who: string): Caller => {
    const found = as[who];
    if (found === undefined) throw new Error(`no caller ${who}`);
    return found;
  };
}

/** A FHIR search's matches, after checking it answered 200 with a searchset. */
export async function searchFhir(caller: Caller, url: string): Promise<Resource[]> {
  const response = await caller.get(url, { accept: 'application/fhir+json' });
  const body = (await response.json()) as Bundle;
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.type).toBe('searchset');
  return (body.entry ?? []).flatMap((e) => (e.search?.mode === 'match' && e.resource ? [e.resource] : []));
}

/** Access-log entries for one resource type and subject, in order. */
export async function accessLog(server: GatewayTestServer, type: string, citizenId: number) {
  const rows = await sql<{ actor_role: string; action: string; purpose: string; outcome: string }>`
    SELECT actor_role, action, purpose, outcome FROM audit_events
    WHERE resource_type = ${type} AND subject_citizen_id = ${citizenId} ORDER BY id`.execute(server.db.kysely);
  return rows.rows;
}
