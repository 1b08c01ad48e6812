import type { AuditEvent, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import {
  bearerCaller,
  facilityToken,
  sessionCaller,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';

let server: RecordsTestServer;
const as: Record<string, Caller> = {};
const people: Record<string, { id: number; fiscal_code: string }> = {};
const docs: Record<string, string> = {};

beforeAll(async () => {
  server = await startRecordsTestServer();
  for (const name of ['maria.brambilla', 'anna.sala', 'giuseppe.locatelli'])
    as[name] = sessionCaller(await loginAs(server.baseUrl, name));
  for (const name of ['mmg.colombo', 'mmg.rota', 'farm.galli', 'regione.fontana', 'vacc.ferrari'])
    as[name] = sessionCaller(await loginAs(server.baseUrl, name, { as: 'operator' }));
  as.hospital = bearerCaller(await facilityToken(server.baseUrl));
  // A second facility system, for the demo lab.
  await sql`INSERT INTO facility_clients (client_id, client_secret, facility_id, scopes)
    SELECT 'facility-LAB-BG-001', 'lab-secret-lab-secret-lab', id, '{fse:read,fse:write}'
      FROM facilities WHERE code = 'LAB-BG-001'`.execute(server.db.kysely);
  const labToken = await fetch(`${server.baseUrl}/idp/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa('facility-LAB-BG-001:lab-secret-lab-secret-lab')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=fse:read fse:write',
  });
  as.lab = bearerCaller(((await labToken.json()) as { access_token: string }).access_token);
  const rows = await sql<{
    given_name: string;
    id: number;
    fiscal_code: string;
  }>`SELECT given_name, id, fiscal_code FROM citizens WHERE synthetic_seed IS NULL`.execute(server.db.kysely);
  for (const r of rows.rows) people[r.given_name.toLowerCase()] = { id: r.id, fiscal_code: r.fiscal_code };
  const documents = await sql<{
    master_identifier: string;
    id: string;
  }>`SELECT master_identifier, id::text FROM fhir_document_reference`.execute(server.db.kysely);
  for (const d of documents.rows) docs[d.master_identifier.split('|')[1] ?? ''] = d.id;
});
afterAll(async () => {
  await server.close();
});

const caller = (who: string): Caller => {
  const found = as[who];
  if (found === undefined) throw new Error(`no caller ${who}`);
  return found;
};
const fhir = (path: string) => `${server.fhirBase}/${path}`;
const search = async (who: string, path: string): Promise<Bundle> => {
  const response = await caller(who).get(fhir(path));
  if (response.status !== 200) throw new Error(`${who} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Bundle;
};
const ids = (b: Bundle) =>
  (b.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => e.resource?.id)
    .sort();
const status = async (who: string, path: string) => (await caller(who).get(fhir(path))).status;
const id = (name: string) => people[name]?.id ?? 0;
const doc = (key: string) => docs[key] ?? '';
const setConsent = async (active: boolean) => {
  const r = await caller('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/consent`, { active });
  expect(r.status).toBe(200);
};

describe('access rules, enforced in the queries', () => {
  it('citizens see their own record, hidden documents included and tagged', async () => {
    const mine = await search('maria.brambilla', 'DocumentReference?_count=100');
    const stored = await sql<{
      id: string;
    }>`SELECT id::text FROM fhir_document_reference WHERE patient_id = ${id('maria')}`.execute(server.db.kysely);
    expect(ids(mine)).toEqual(stored.rows.map((r) => r.id).sort());
    const hidden = mine.entry?.find((e) => e.resource?.id === doc('maria-vrb-1'))?.resource;
    expect(hidden?.meta?.tag).toContainEqual(expect.objectContaining({ system: SYSTEMS.visibility, code: 'hidden' }));
    expect(await status('maria.brambilla', `DocumentReference/${doc('giuseppe-lab-1')}`)).toBe(404);
    expect((await search('maria.brambilla', `DocumentReference?patient=${id('giuseppe')}`)).total).toBe(0);
    expect(await status('maria.brambilla', `Patient/${id('giuseppe')}`)).toBe(404);
    expect(await status('maria.brambilla', `Patient/${id('maria')}`)).toBe(200);
  });

  it('delegates see the record of whoever delegated to them, while the delegation lasts', async () => {
    expect((await search('anna.sala', `DocumentReference?patient=${id('maria')}`)).total).toBe(0);
    await sql`INSERT INTO delegations (delegator_id, delegate_id) VALUES (${id('maria')}, ${id('anna')})`.execute(
      server.db.kysely,
    );
    expect((await search('anna.sala', `DocumentReference?patient=${id('maria')}`)).total).toBeGreaterThan(3);
    await sql`UPDATE delegations SET revoked_at = now() WHERE delegate_id = ${id('anna')}`.execute(server.db.kysely);
    expect((await search('anna.sala', `DocumentReference?patient=${id('maria')}`)).total).toBe(0);
  });

  it('GPs see patients on their list who consented, never hidden documents', async () => {
    const colombo = await search('mmg.colombo', 'DocumentReference?_count=100');
    const visible = await sql<{ id: string }>`
      SELECT id::text FROM fhir_document_reference
        WHERE patient_id IN (${id('maria')}, ${id('ernesto')}) AND NOT hidden`.execute(server.db.kysely);
    expect(ids(colombo)).toEqual(visible.rows.map((r) => r.id).sort());
    // On the list, no consent.
    expect((await search('mmg.colombo', `DocumentReference?patient=${id('anna')}`)).total).toBe(0);
    expect(await status('mmg.colombo', `DocumentReference/${doc('anna-lab-1')}`)).toBe(404);
    // Consent, but not on the list.
    expect(await status('mmg.rota', `DocumentReference/${doc('maria-lab-1')}`)).toBe(404);
    expect(
      (await search('mmg.rota', 'DocumentReference')).entry?.every(
        (e) => (e.resource as { subject?: { reference?: string } }).subject?.reference === `Patient/${id('giuseppe')}`,
      ),
    ).toBe(true);
  });

  it('withdrawing consent blocks the GP at once, granting it again restores access', async () => {
    await setConsent(false);
    expect((await search('mmg.colombo', `DocumentReference?patient=${id('maria')}`)).total).toBe(0);
    for (const path of [
      `DocumentReference/${doc('maria-lab-1')}`,
      `Patient/${id('maria')}`,
      `MedicationRequest?patient=${id('maria')}`,
      `Immunization?patient=${id('maria')}`,
    ]) {
      const r = await caller('mmg.colombo').get(fhir(path));
      expect(r.status === 404 || ((await r.json()) as Bundle).total === 0, path).toBe(true);
    }
    await setConsent(true);
    expect(await status('mmg.colombo', `DocumentReference/${doc('maria-lab-1')}`)).toBe(200);
    const consent = await search('maria.brambilla', `Consent?patient=${id('maria')}`);
    expect(consent.entry?.[0]?.resource).toMatchObject({ status: 'active', meta: { versionId: '3' } });
  });

  it('pharmacists find a prescription only by codice fiscale and NRE together, and dispense it once', async () => {
    const nre = (
      await sql<{
        nre: string;
        id: string;
      }>`SELECT nre, id::text FROM fhir_medication_request
        WHERE patient_id = ${id('maria')} AND status = 'active'`.execute(server.db.kysely)
    ).rows[0];
    const cf = `${SYSTEMS.fiscalCode}|${people.maria?.fiscal_code ?? ''}`;
    const found = await search(
      'farm.galli',
      `MedicationRequest?patient.identifier=${cf}&identifier=${SYSTEMS.nre}|${nre?.nre ?? ''}`,
    );
    expect(ids(found)).toEqual([nre?.id]);
    expect(
      (await search('farm.galli', `MedicationRequest?patient.identifier=${cf}&identifier=030A99999999999`)).total,
    ).toBe(0);
    expect(await status('farm.galli', `MedicationRequest?patient.identifier=${cf}`)).toBe(400);
    expect(await status('farm.galli', `MedicationRequest/${nre?.id ?? ''}`)).toBe(404);
    expect(await status('farm.galli', 'DocumentReference')).toBe(403);
    const dispense = {
      resourceType: 'MedicationDispense',
      status: 'completed',
      subject: { identifier: { system: SYSTEMS.fiscalCode, value: people.maria?.fiscal_code } },
      medicationCodeableConcept: { text: 'Ramipril' },
      authorizingPrescription: [{ reference: `MedicationRequest/${nre?.id ?? ''}` }],
    };
    const pharmacist = caller('farm.galli');
    expect(
      (await pharmacist.send('POST', fhir('MedicationDispense'), dispense, { 'content-type': 'application/fhir+json' }))
        .status,
    ).toBe(201);
    const again = await pharmacist.send('POST', fhir('MedicationDispense'), dispense, {
      'content-type': 'application/fhir+json',
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as OperationOutcome).issue[0]?.diagnostics).toContain('already been dispensed');
    expect((await search('maria.brambilla', `MedicationRequest/${nre?.id ?? ''}/_history`)).total).toBe(2);
  });

  it('facilities read only what they wrote; region operators and vaccinators get no clinical data', async () => {
    const hospital = await search('hospital', 'DocumentReference?_count=100');
    const wrote = await sql<{ id: string }>`
      SELECT d.id::text FROM fhir_document_reference d JOIN facilities f ON f.id = d.author_facility_id
        WHERE f.code = 'OSP-MI-001' AND NOT d.hidden`.execute(server.db.kysely);
    expect(ids(hospital)).toEqual(wrote.rows.map((r) => r.id).sort());
    expect(await status('hospital', `DocumentReference/${doc('giuseppe-lab-1')}`)).toBe(404);
    expect(ids(await search('lab', 'DocumentReference'))).toEqual([doc('giuseppe-lab-1'), doc('anna-lab-1')].sort());
    for (const who of ['regione.fontana', 'vacc.ferrari']) {
      expect(await status(who, 'DocumentReference')).toBe(403);
      expect(await status(who, `Patient/${id('maria')}`)).toBe(403);
    }
    expect((await caller('regione.fontana').get(`${server.baseUrl}/api/records/ingestion`)).status).toBe(200);
  });
});

describe('oscuramento: a hidden document is indistinguishable from a missing one', () => {
  const hiddenId = () => doc('maria-vrb-1');

  it('reads, searches, counts and includes alike, for GPs and facilities', async () => {
    const missing = '0b7e1c9e-5f1a-4c55-9a59-3b0d3f4d2a10';
    for (const who of ['mmg.colombo', 'hospital']) {
      const hidden = await caller(who).get(fhir(`DocumentReference/${hiddenId()}`));
      const absent = await caller(who).get(fhir(`DocumentReference/${missing}`));
      expect(hidden.status).toBe(404);
      expect(absent.status).toBe(404);
      expect(JSON.stringify(await hidden.json()).replace(hiddenId(), 'X')).toBe(
        JSON.stringify(await absent.json()).replace(missing, 'X'),
      );
      expect((await search(who, `DocumentReference?_id=${hiddenId()}`)).total).toBe(0);
      const binary =
        (
          await sql<{
            id: string;
          }>`SELECT binary_id::text AS id FROM fhir_document_reference WHERE id = ${hiddenId()}`.execute(
            server.db.kysely,
          )
        ).rows[0]?.id ?? '';
      expect(await status(who, `Binary/${binary}`)).toBe(404);
    }
    const all = await search('mmg.colombo', `DocumentReference?patient=${id('maria')}&_total=accurate`);
    const visible = (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM fhir_document_reference
        WHERE patient_id = ${id('maria')} AND NOT hidden`.execute(server.db.kysely)
    ).rows[0]?.n;
    expect(all.total).toBe(visible);
    expect((await search('mmg.colombo', `DocumentReference?patient=${id('maria')}&_summary=count`)).total).toBe(
      visible,
    );
    expect(
      (await search('mmg.colombo', `DocumentReference?patient=${id('maria')}&category=${SYSTEMS.documentClass}|VRB`))
        .total,
    ).toBe(0);
    const lists = await search('mmg.colombo', `List?patient=${id('maria')}&_include=List:item&_count=100`);
    expect(JSON.stringify(lists)).not.toContain(hiddenId());
  });

  it('follows the citizen: hiding and showing again leaves no version behind', async () => {
    const target = doc('maria-lab-2');
    const maria = caller('maria.brambilla');
    const values = async () => (await search('mmg.colombo', `Observation?patient=${id('maria')}&_summary=count`)).total;
    const before = await values();
    expect(before).toBe(7); // a blood count (3) and maria-lab-2's metabolic panel (4)
    expect(
      (await maria.send('PUT', `${server.baseUrl}/api/me/records/documents/${target}/visibility`, { hidden: true }))
        .status,
    ).toBe(200);
    expect(await status('mmg.colombo', `DocumentReference/${target}`)).toBe(404);
    expect(await values()).toBe(3); // results read from a hidden report are hidden with it
    expect((await search('maria.brambilla', `Observation?patient=${id('maria')}&_summary=count`)).total).toBe(7);
    expect(
      (
        await caller('mmg.colombo').send('PUT', `${server.baseUrl}/api/me/records/documents/${target}/visibility`, {
          hidden: false,
        })
      ).status,
    ).toBe(403);
    expect(
      (await maria.send('PUT', `${server.baseUrl}/api/me/records/documents/${target}/visibility`, { hidden: false }))
        .status,
    ).toBe(200);
    const shown = await caller('mmg.colombo').get(fhir(`DocumentReference/${target}`));
    expect(shown.status).toBe(200);
    expect(shown.headers.get('etag')).toBe('W/"1"');
  });
});

describe('the access log as AuditEvent', () => {
  it('records every read of clinical data, for the citizen to read newest first', async () => {
    await caller('mmg.colombo').get(fhir(`DocumentReference/${doc('maria-ldo-1')}`));
    const log = await search('maria.brambilla', `AuditEvent?patient=${id('maria')}&_count=50`);
    const events = (log.entry ?? []).map((e) => e.resource as AuditEvent);
    const recorded = events.map((e) => e.recorded);
    expect(recorded).toEqual([...recorded].sort().reverse());
    const gpRead = events.find(
      (e) =>
        e.entity?.[0]?.what?.reference === `DocumentReference/${doc('maria-ldo-1')}` &&
        e.agent[0]?.who?.display === 'Laura Colombo',
    );
    expect(gpRead).toMatchObject({
      action: 'R',
      outcome: '0',
      purposeOfEvent: [{ text: 'consultation' }],
      agent: [{ role: [{ text: 'gp' }], requestor: true }],
    });
    // A refused read is logged for its subject too.
    const annaLog = await search('anna.sala', `AuditEvent?patient=${id('anna')}&outcome=4`);
    expect(annaLog.entry?.some((e) => (e.resource as AuditEvent).agent[0]?.who?.display === 'Laura Colombo')).toBe(
      true,
    );
    expect((await search('maria.brambilla', `AuditEvent?patient=${id('giuseppe')}`)).total).toBe(0);
    expect(await status('mmg.colombo', 'AuditEvent')).toBe(403);
  });
});
