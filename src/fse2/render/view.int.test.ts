import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { fileExample } from '../../../test/support/fse2/national-documents.ts';
import {
  sessionCaller,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';
import type { DocumentPageView } from './view-model.ts';

let server: RecordsTestServer;
const as: Record<string, Caller> = {};
const people: Record<string, { id: number; cf: string }> = {};
let lab: string;
let plainPdf: string;

beforeAll(async () => {
  server = await startRecordsTestServer();
  for (const name of ['maria.brambilla', 'anna.sala', 'giuseppe.locatelli'])
    as[name] = sessionCaller(await loginAs(server.baseUrl, name));
  for (const name of ['mmg.colombo', 'mmg.rota', 'farm.galli'])
    as[name] = sessionCaller(await loginAs(server.baseUrl, name, { as: 'operator' }));
  const rows = await sql<{ given_name: string; id: number; fiscal_code: string }>`
    SELECT given_name, id, fiscal_code FROM citizens WHERE synthetic_seed IS NULL`.execute(server.db.kysely);
  for (const r of rows.rows) people[r.given_name.toLowerCase()] = { id: r.id, cf: r.fiscal_code };
  lab = await fileExample(server.records.national, server.db.kysely as never, 'LAB', cf('maria'));
  // A demo PDF of the seed: a document with no CDA inside.
  plainPdf =
    (
      await sql<{ id: string }>`SELECT id::text FROM fhir_document_reference
      WHERE patient_id = ${people.maria?.id ?? 0} AND doc_class = 'LDO'
        AND master_identifier NOT LIKE '%fse2%'`.execute(server.db.kysely)
    ).rows[0]?.id ?? '';
}, 120_000);
afterAll(async () => {
  await server.close();
});

function cf(name: string): string {
  const found = people[name];
  if (found === undefined) throw new Error(`no ${name}`);
  return found.cf;
}
const caller = (who: string): Caller => {
  const found = as[who];
  if (found === undefined) throw new Error(`no caller ${who}`);
  return found;
};
const url = (id: string, what: 'view' | 'content') => `${server.baseUrl}/api/records/documents/${id}/${what}`;
/** The view's status, after checking it is the content route's for the same caller and document. */
const status = async (who: string, id: string): Promise<number> => {
  const view = await caller(who).get(url(id, 'view'));
  const content = await caller(who).get(url(id, 'content'));
  expect(view.status, `${who}: view and content answer alike`).toBe(content.status);
  if (view.status >= 400) expect(view.headers.get('content-type')).toContain('application/problem+json');
  return view.status;
};
const reads = async (id: string) =>
  (
    await sql<{ actor_role: string; resource_type: string; purpose: string; outcome: string }>`
      SELECT actor_role, resource_type, purpose, outcome FROM audit_events
      WHERE resource_id = ${id} OR (resource_type = 'Binary' AND subject_citizen_id = ${people.maria?.id ?? 0})
      ORDER BY id`.execute(server.db.kysely)
  ).rows;
const setConsent = async (active: boolean) => {
  const r = await caller('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/consent`, { active });
  expect(r.status).toBe(200);
};

describe('GET /api/records/documents/:id/view', () => {
  it('the citizen reads her CDA2 as a page; every read is in the access log; the page has the CSP', async () => {
    const before = (await reads(lab)).length;
    const response = await caller('maria.brambilla').get(url(lab, 'view'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("script-src-attr 'none'");
    const page = (await response.json()) as DocumentPageView;
    expect(page).toMatchObject({
      documentId: lab,
      pdf: true,
      document: {
        title: 'REFERTO DI LABORATORIO',
        patient: { name: 'Giuseppe Test', fiscalCode: cf('maria') },
        author: { name: 'Dr Matteo Test' },
        organisation: 'SAN RAFFAELE NOMENTANA',
      },
    });
    expect(page.document.sections[0]?.sections[0]?.results[0]).toMatchObject({ value: '16.00', unit: 'mg/L' });
    // The document's metadata and its file: two reads, two entries, as for the PDF viewer.
    expect((await reads(lab)).slice(before)).toEqual([
      { actor_role: 'citizen', resource_type: 'DocumentReference', purpose: 'self-access', outcome: 'success' },
      { actor_role: 'citizen', resource_type: 'Binary', purpose: 'self-access', outcome: 'success' },
    ]);
    const listed = (await (
      await caller('maria.brambilla').get(`${server.baseUrl}/api/me/records/documents`)
    ).json()) as {
      items: { id: string; readable: boolean }[];
    };
    expect(listed.items.find((d) => d.id === lab)?.readable).toBe(true);
    expect(listed.items.find((d) => d.id === plainPdf)?.readable).toBe(false);
  });

  it('the GP with consent reads it, logged as consultation; another GP, citizen or pharmacist does not', async () => {
    const before = (await reads(lab)).length;
    expect((await caller('mmg.colombo').get(url(lab, 'view'))).status).toBe(200);
    expect((await reads(lab)).slice(before).map((r) => [r.actor_role, r.resource_type, r.purpose])).toEqual([
      ['gp', 'DocumentReference', 'consultation'],
      ['gp', 'Binary', 'consultation'],
    ]);
    expect(await status('mmg.colombo', lab)).toBe(200);
    expect(await status('mmg.rota', lab)).toBe(404); // not on his list
    expect(await status('giuseppe.locatelli', lab)).toBe(404);
    expect(await status('farm.galli', lab)).toBe(403);
    expect((await fetch(url(lab, 'view'))).status).toBe(401);
  });

  it('consent withdrawn or the document hidden (oscuramento): the GP is refused, the citizen still reads', async () => {
    await setConsent(false);
    expect(await status('mmg.colombo', lab)).toBe(404);
    await setConsent(true);
    expect(await status('mmg.colombo', lab)).toBe(200);
    const hide = (hidden: boolean) =>
      caller('maria.brambilla').send('PUT', `${server.baseUrl}/api/me/records/documents/${lab}/visibility`, {
        hidden,
      });
    expect((await hide(true)).status).toBe(200);
    expect(await status('mmg.colombo', lab)).toBe(404);
    expect(await status('maria.brambilla', lab)).toBe(200);
    expect((await hide(false)).status).toBe(200);
  });

  it('a delegate reads it while acting for the citizen, and not before the delegation', async () => {
    const actFor = () =>
      caller('anna.sala').send('POST', `${server.baseUrl}/api/me/acting-for`, { fiscalCode: cf('maria') });
    expect(await status('anna.sala', lab)).toBe(404);
    await sql`INSERT INTO delegations (delegator_id, delegate_id)
      VALUES (${people.maria?.id ?? 0}, ${people.anna?.id ?? 0})`.execute(server.db.kysely);
    expect((await actFor()).status).toBeLessThan(300);
    const before = (await reads(lab)).length;
    expect(await status('anna.sala', lab)).toBe(200);
    expect((await reads(lab)).slice(before)[0]?.actor_role).toBe('delegate');
  });

  it('a document without a CDA, or unknown, is a 404 problem', async () => {
    const response = await caller('maria.brambilla').get(url(plainPdf, 'view'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('no readable CDA2');
    expect((await caller('maria.brambilla').get(url('00000000-0000-4000-8000-000000000000', 'view'))).status).toBe(404);
    expect((await caller('maria.brambilla').get(url('not-a-document', 'view'))).status).toBe(400);
  });
});
