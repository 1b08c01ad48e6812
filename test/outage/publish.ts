import type { DbSite } from '../../deploy/ha/topology.ts';
import { NATIONAL_DOCUMENT_SYSTEM } from '../../src/records/service/national-documents.ts';
import { cx, publication, sample } from '../support/fse2/gateway-client.ts';
import { sha256, type ProducerSigner } from '../support/fse2/national-jwt.ts';
import { facilityToken } from '../support/records/clients.ts';
import { sleep, timed, untilAcknowledged, type Avoid, type Tracked } from '../failover/client.ts';

/**
 * The facilities' side of the outage drill: the demo hospital's system publishes through each site's national
 * Gateway API (/fse2/v1) at a steady pace, with a story per document: publication, then for every third document
 * a metadata update and a replacement (the order the national side must see them in). Right after each
 * publication or replacement is acknowledged, the document is read back through the FSE's FHIR API (ITI-67
 * search by its national id) on the site that acknowledged it: readable locally at once, whatever the national
 * side does. A failed attempt (the site killed) is retried through the other site, as failover/client.ts does.
 */
export const RAD1 = sample('accreditamento/SIGNED_RAD1.pdf');
export const RAD2 = sample('accreditamento/SIGNED_RAD2.pdf');
export const PATIENT = 'RSSGPP70H47H501H';
const RAD = { person_id: cx(PATIENT), resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')" };
const UPDATE = { ...RAD, action_id: 'UPDATE', purpose_of_use: 'UPDATE' };

export interface GatewaySite {
  readonly name: DbSite;
  readonly baseUrl: string;
  /** The system's client-credentials token from this site's identity provider, and when it was obtained. */
  readonly token: { value: string; at: number };
}

// Access tokens live 600 s (src/identity/idp/provider.ts): the system renews at half that, as an OAuth client does.
const RENEW_MS = 300_000;

/** The current token; a renewal through a site that is down keeps the old one (valid 5 min more), retried in 5 s. */
async function bearer(site: GatewaySite): Promise<string> {
  if (Date.now() - site.token.at > RENEW_MS) {
    try {
      site.token.value = await facilityToken(site.baseUrl);
      site.token.at = Date.now();
    } catch {
      site.token.at = Date.now() - RENEW_MS + 5_000;
    }
  }
  return site.token.value;
}

export type ChangeKind = 'create' | 'metadata' | 'replace';

export interface Change extends Tracked {
  readonly kind: ChangeKind;
  /** The document the change concerns: the new one for a publication or replacement, the target for an update. */
  readonly identificativoDoc: string;
  readonly target: string | null;
  /** Set for publications and replacements: the read-back right after the acknowledgement. */
  read?: ReadBack;
}

export interface ReadBack {
  /** Found by the first read after the acknowledgement (on the site that acknowledged it). */
  readonly atOnce: boolean;
  /** Found at all (a read through the other site after the acknowledging one was killed counts). */
  readonly found: boolean;
  readonly ms: number;
  readonly answers: string[];
}

export interface Publishing {
  readonly changes: Change[];
  stop(abort?: boolean): Promise<void>;
}

export async function gatewaySite(name: DbSite, baseUrl: string): Promise<GatewaySite> {
  return { name, baseUrl, token: { value: await facilityToken(baseUrl), at: Date.now() } };
}

/** The Gateway's memory of RAD1 and RAD2 (VALIDATION), so publications need no validation each time. */
export async function validateSamples(site: GatewaySite, signer: ProducerSigner): Promise<[string, string]> {
  const ids: string[] = [];
  for (const file of [RAD1, RAD2]) {
    const form = new FormData();
    form.append('requestBody', JSON.stringify({ activity: 'VALIDATION', mode: 'ATTACHMENT', healthDataFormat: 'CDA' }));
    form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'doc.pdf');
    const gateway = `${site.baseUrl}/fse2/v1`;
    const jwt = await signer.token(gateway, { ...RAD, attachment_hash: sha256(file), action_id: 'CREATE' });
    const response = await fetch(`${gateway}/documents/validation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await bearer(site)}`, 'fse-jwt-signature': jwt },
      body: form,
    });
    const body = (await response.json()) as { workflowInstanceId?: string };
    if (response.status !== 201 || body.workflowInstanceId === undefined)
      throw new Error(`validation answered ${response.status}: ${JSON.stringify(body)}`);
    ids.push(body.workflowInstanceId);
  }
  return [ids[0] ?? '', ids[1] ?? ''];
}

/** One attempt of a change through `site`: a fresh FSE-JWT-Signature for that site's audience. */
async function request(site: GatewaySite, signer: ProducerSigner, change: Change, wif: [string, string]) {
  const gateway = `${site.baseUrl}/fse2/v1`;
  const name = change.identificativoDoc.split('^')[1] ?? '';
  const headers: Record<string, string> = { authorization: `Bearer ${await bearer(site)}` };
  if (change.kind === 'metadata') {
    headers['content-type'] = 'application/json';
    headers['fse-jwt-signature'] = await signer.token(gateway, UPDATE);
    return fetch(`${gateway}/documents/${encodeURIComponent(change.identificativoDoc)}/metadata-iti-57`, {
      method: 'PUT',
      headers,
      signal: AbortSignal.timeout(20_000),
      body: JSON.stringify({
        tipologiaStruttura: 'Ospedale',
        tipoDocumentoLivAlto: 'REF',
        assettoOrganizzativo: 'AD_PSC002',
        tipoAttivitaClinica: 'CON',
        identificativoSottomissione: `2.16.840.1.113883.2.9.2.30.4.3.META.${name}`,
      }),
    });
  }
  const file = change.kind === 'create' ? RAD1 : RAD2;
  const claims = change.kind === 'create' ? RAD : UPDATE;
  headers['fse-jwt-signature'] = await signer.token(gateway, { ...claims, attachment_hash: sha256(file) });
  const form = new FormData();
  const workflowInstanceId = change.kind === 'create' ? wif[0] : wif[1];
  form.append('requestBody', JSON.stringify(publication(name, { workflowInstanceId })));
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'doc.pdf');
  const path = change.target === null ? '/documents' : `/documents/${encodeURIComponent(change.target)}`;
  return fetch(`${gateway}${path}`, {
    method: change.target === null ? 'POST' : 'PUT',
    headers,
    body: form,
    signal: AbortSignal.timeout(20_000),
  });
}

/** ITI-67: the DocumentReference with this national id, through `site`, as the hospital's system. */
async function readOnce(site: GatewaySite, identificativoDoc: string): Promise<string> {
  try {
    const identifier = encodeURIComponent(`${NATIONAL_DOCUMENT_SYSTEM}|${identificativoDoc}`);
    const response = await fetch(`${site.baseUrl}/fhir/R4/DocumentReference?identifier=${identifier}`, {
      headers: { authorization: `Bearer ${await bearer(site)}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { entry?: { resource: { status?: string } }[] };
    const found = response.status === 200 && (body.entry ?? []).some((e) => e.resource.status === 'current');
    return found ? 'found' : `${response.status} ${String(body.entry?.length ?? 0)} entries`;
  } catch (error) {
    return `0 ${error instanceof Error ? error.name : 'error'}`;
  }
}

/** Reads until found; a failed read through a killed site moves to the other one, up to 45 s. */
async function readBack(sites: Readonly<Record<DbSite, GatewaySite>>, change: Change): Promise<ReadBack> {
  const started = Date.now();
  const answers: string[] = [];
  let site = change.ackedBy ?? change.home;
  for (;;) {
    const answer = await readOnce(sites[site], change.identificativoDoc);
    answers.push(answer);
    if (answer === 'found' || Date.now() - started > 45_000)
      return {
        atOnce: answers.length === 1 && answer === 'found',
        found: answer === 'found',
        ms: Date.now() - started,
        answers,
      };
    if (answer.startsWith('0 ') || answer.startsWith('5')) site = site === 'dc-a' ? 'dc-b' : 'dc-a';
    await sleep(200);
  }
}

/** `perSite` systems per site, each starting a document story every `paceMs`. */
export function startPublishing(
  sites: Readonly<Record<DbSite, GatewaySite>>,
  signer: ProducerSigner,
  wif: [string, string],
  options: { perSite: number; paceMs: number; runId: string },
): Publishing {
  const changes: Change[] = [];
  const avoid: Avoid = { 'dc-a': 0, 'dc-b': 0 };
  let stopping = false;
  let aborting = false;
  let n = 0;
  const apply = async (change: Change): Promise<boolean> => {
    changes.push(change);
    await untilAcknowledged(change, {
      avoid,
      aborted: () => aborting,
      send: (site) => timed(site, () => request(sites[site], signer, change, wif)),
      // A replacement retried after a lost answer finds its target replaced already (404): the read-back says.
      acknowledges: (a, retry) => retry && change.kind === 'replace' && a.status === 404,
    });
    if (change.ackedAt !== undefined && change.kind !== 'metadata') change.read = await readBack(sites, change);
    return change.ackedAt !== undefined;
  };
  const system = async (home: DbSite): Promise<void> => {
    while (!stopping) {
      const began = Date.now();
      const i = n++;
      const doc = publication(`${options.runId}.${i}`).identificativoDoc;
      const created = await apply({ kind: 'create', identificativoDoc: doc, target: null, home, attempts: [] });
      if (created && i % 3 === 0) {
        const updated = await apply({ kind: 'metadata', identificativoDoc: doc, target: doc, home, attempts: [] });
        const replacement = publication(`${options.runId}.${i}R`).identificativoDoc;
        if (updated) await apply({ kind: 'replace', identificativoDoc: replacement, target: doc, home, attempts: [] });
      }
      await sleep(Math.max(0, options.paceMs - (Date.now() - began)));
    }
  };
  const running = (['dc-a', 'dc-b'] as const).flatMap((home) =>
    Array.from({ length: options.perSite }, () => system(home)),
  );
  return {
    changes,
    stop: async (abort = false) => {
      stopping = true;
      aborting = abort;
      await Promise.all(running);
    },
  };
}
