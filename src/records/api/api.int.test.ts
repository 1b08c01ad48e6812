import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { provideBundle } from '../mhd/build.ts';
import {
  bearerCaller,
  facilityToken,
  sessionCaller,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';
import type { DocumentView, Paged, PrescriptionView } from './views.ts';

let server: RecordsTestServer;
let maria: Caller;
let colombo: Caller;
let galli: Caller;
let region: Caller;
let mariaCf: string;
let mariaId: number;

beforeAll(async () => {
  server = await startRecordsTestServer();
  maria = sessionCaller(await loginAs(server.baseUrl, 'maria.brambilla'));
  colombo = sessionCaller(await loginAs(server.baseUrl, 'mmg.colombo', { as: 'operator' }));
  galli = sessionCaller(await loginAs(server.baseUrl, 'farm.galli', { as: 'operator' }));
  region = sessionCaller(await loginAs(server.baseUrl, 'regione.fontana', { as: 'operator' }));
  const row = await server.db.kysely
    .selectFrom('citizens')
    .select(['id', 'fiscal_code'])
    .where('given_name', '=', 'Maria')
    .where('synthetic_seed', 'is', null)
    .executeTakeFirstOrThrow();
  mariaCf = row.fiscal_code;
  mariaId = row.id;
  // One administered dose, as the vaccination centre records it (projected as Immunization).
  await sql`INSERT INTO vaccine_products
      (code, name, manufacturer, medicinal_product, doses, interval_days, window_max_days)
    VALUES ('Comirnaty', 'Comirnaty', 'ORG-100030215', 'EU/1/20/1528', 2, 21, 42) ON CONFLICT DO NOTHING`.execute(
    server.db.kysely,
  );
  await sql`INSERT INTO centres (code, name, municipality_istat, province_code,
    opens_at, closes_at, slot_minutes, lines)
    SELECT 'C-TEST', 'Centro test', istat_code, province_code, '08:00', '20:00', 10, 4
      FROM municipalities WHERE name = 'Milano'`.execute(server.db.kysely);
  await sql`INSERT INTO vaccinations (citizen_id, centre_id, product, lot, dose_number,
    administered_at, staff_operator_id)
    SELECT ${mariaId}, (SELECT id FROM centres WHERE code = 'C-TEST'), 'Comirnaty', 'FK1234', 1,
      now() - interval '30 days',
      (SELECT id FROM operators WHERE username = 'vacc.ferrari')`.execute(server.db.kysely);
});
afterAll(async () => {
  await server.close();
});

const api = (path: string) => `${server.baseUrl}/api/${path}`;
const json = async <T>(response: Response | Promise<Response>): Promise<T> => {
  const r = await response;
  if (r.status >= 300) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

describe('"Il mio fascicolo" (citizen)', () => {
  it('lists documents by class and date, newest first, with paging', async () => {
    const all = await json<Paged<DocumentView>>(maria.get(api('me/records/documents?limit=2')));
    expect(all.items).toHaveLength(2);
    expect(all.next).not.toBeNull();
    expect(all.items[0]?.date.localeCompare(all.items[1]?.date ?? '')).toBeGreaterThan(0);
    const page2 = await json<Paged<DocumentView>>(
      maria.get(api(`me/records/documents?limit=2&cursor=${encodeURIComponent(all.next ?? '')}`)),
    );
    expect(page2.items.map((d) => d.id)).not.toContain(all.items[0]?.id);
    const labs = await json<Paged<DocumentView>>(maria.get(api('me/records/documents?class=REF')));
    expect(labs.items.map((d) => d.class)).toEqual(['REF', 'REF']);
    expect(labs.items[0]).toMatchObject({
      classLabel: { it: 'Referto' },
      contentType: 'application/pdf',
      author: expect.stringContaining('Ronchi') as string,
      hidden: false,
    });
    const hidden = await json<Paged<DocumentView>>(maria.get(api('me/records/documents?class=VRB')));
    expect(hidden.items[0]?.hidden).toBe(true);
  });

  it('serves the PDF inline or as a download', async () => {
    const doc = (await json<Paged<DocumentView>>(maria.get(api('me/records/documents?class=LDO')))).items[0];
    const inline = await maria.get(api(`records/documents/${doc?.id ?? ''}/content`));
    expect(inline.headers.get('content-type')).toBe('application/pdf');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename=".*\.pdf"$/);
    expect(
      Buffer.from(await inline.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(
      (await maria.get(api(`records/documents/${doc?.id ?? ''}/content?download=true`))).headers.get(
        'content-disposition',
      ),
    ).toMatch(/^attachment/);
    // The viewer's PDF: nothing in it may load anything, only our pages may frame it, and the type is not sniffed.
    expect(inline.headers.get('x-content-type-options')).toBe('nosniff');
    expect(inline.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'");
  });

  it('shows prescriptions, exemptions, vaccinations, consent and the summary', async () => {
    const prescriptions = await json<PrescriptionView[]>(maria.get(api('me/records/prescriptions')));
    expect(prescriptions.map((p) => p.medication.display).sort()).toEqual([
      'Furosemide 25 mg compresse',
      'Ramipril 5 mg compresse',
    ]);
    expect(prescriptions.find((p) => p.status === 'completed')?.dispensed?.by).toContain('Farmacia Centrale di Milano');
    expect(prescriptions[0]?.nre).toMatch(/^030A\d{11}$/);
    expect(await json(maria.get(api('me/records/exemptions')))).toEqual([
      expect.objectContaining({ code: 'E01', issuedBy: expect.stringContaining('Colombo') as string }),
    ]);
    expect(await json(maria.get(api('me/records/vaccinations')))).toEqual([
      expect.objectContaining({ product: 'Comirnaty', doseNumber: 1, doses: 2, lot: 'FK1234', centre: 'Centro test' }),
    ]);
    expect(await json(maria.get(api('me/records/consent')))).toMatchObject({ active: true, versionId: '1' });
    await server.records.processor.processDue();
    const summary = await json<{ classes: { class: string; documents: number }[]; processing: number }>(
      maria.get(api('me/records/summary')),
    );
    expect(summary.processing).toBe(0);
    expect(summary.classes.map((c) => c.class)).toEqual(['ESE', 'LDO', 'REF', 'VRB']);
  });

  it('hides a whole replacement chain', async () => {
    const hospital = bearerCaller(await facilityToken(server.baseUrl));
    const content = Buffer.from('%PDF-1.4\n% v1\n%%EOF\n');
    const base = {
      docClass: 'REF' as const,
      description: 'Referto',
      date: '2026-01-10T10:00:00Z',
      author: { given: 'A', family: 'B' },
    };
    const first = await json<{ entry: { response: { location: string } }[] }>(
      hospital.send(
        'POST',
        `${server.baseUrl}/fhir/R4`,
        provideBundle(
          { patientId: mariaId },
          [{ ...base, content, masterIdentifier: { system: 'urn:x', value: 'chain-1' } }],
          { sourceId: 'urn:t' },
        ),
      ),
    );
    const oldId = first.entry[1]?.response.location.split('/')[1] ?? '';
    const second = await json<{ entry: { response: { location: string } }[] }>(
      hospital.send(
        'POST',
        `${server.baseUrl}/fhir/R4`,
        provideBundle(
          { patientId: mariaId },
          [
            {
              ...base,
              content: Buffer.from('%PDF-1.4\n% v2\n%%EOF\n'),
              masterIdentifier: { system: 'urn:x', value: 'chain-2' },
              replaces: oldId,
            },
          ],
          { sourceId: 'urn:t' },
        ),
      ),
    );
    const newId = second.entry[1]?.response.location.split('/')[1] ?? '';
    expect(await json(maria.send('PUT', api(`me/records/documents/${newId}/visibility`), { hidden: true }))).toEqual({
      hidden: true,
      documents: 2,
    });
    for (const id of [oldId, newId])
      expect((await colombo.get(`${server.fhirBase}/DocumentReference/${id}`)).status).toBe(404);
  });
});

describe('GP, pharmacist and region pages', () => {
  it('GP: patient list with consent, the record, a prescription and an exemption', async () => {
    const list = await json<{ items: { fiscalCode: string; consent: boolean }[] }>(
      colombo.get(api('records/gp/patients')),
    );
    expect(list.items.map((p) => p.consent).sort()).toEqual([false, true, true]);
    const docs = await json<Paged<DocumentView>>(colombo.get(api(`records/patients/${mariaCf}/documents`)));
    expect(docs.items.some((d) => d.hidden)).toBe(false);
    const annaCf = list.items.find((p) => !p.consent)?.fiscalCode ?? '';
    expect((await json<Paged<DocumentView>>(colombo.get(api(`records/patients/${annaCf}/documents`)))).items).toEqual(
      [],
    );
    const body = {
      medication: { code: '012745093', display: 'Amlodipina 5 mg compresse' },
      dosage: '1 compressa la sera',
      quantity: 2,
      idempotencyKey: 'rx-test-0001',
    };
    const created = await colombo.send('POST', api(`records/patients/${mariaCf}/prescriptions`), body);
    expect(created.status).toBe(201);
    const rx = (await created.json()) as PrescriptionView;
    expect(rx).toMatchObject({
      status: 'active',
      quantity: 2,
      prescriber: 'Laura Colombo',
      nre: expect.stringMatching(/^030A\d{11}$/) as string,
    });
    expect(
      (
        (await (
          await colombo.send('POST', api(`records/patients/${mariaCf}/prescriptions`), body)
        ).json()) as PrescriptionView
      ).id,
    ).toBe(rx.id);
    const exemption = await colombo.send('POST', api(`records/patients/${mariaCf}/exemptions`), {
      code: '031',
      display: 'Ipertensione arteriosa',
      validFrom: '2026-01-01',
    });
    expect(exemption.status).toBe(201);
    expect(
      (await json<{ code: string }[]>(colombo.get(api(`records/patients/${mariaCf}/exemptions`))))
        .map((e) => e.code)
        .sort(),
    ).toEqual(['031', 'E01']);
    const giuseppeCf = (
      await server.db.kysely
        .selectFrom('citizens')
        .select('fiscal_code')
        .where('given_name', '=', 'Giuseppe')
        .executeTakeFirstOrThrow()
    ).fiscal_code;
    expect((await colombo.send('POST', api(`records/patients/${giuseppeCf}/prescriptions`), body)).status).toBe(404);

    // Pharmacist: look it up and dispense it, once.
    const found = await json<PrescriptionView>(
      galli.get(api(`records/prescriptions/lookup?fiscalCode=${mariaCf}&nre=${rx.nre}`)),
    );
    expect(found.id).toBe(rx.id);
    expect(
      (await galli.get(api(`records/prescriptions/lookup?fiscalCode=${mariaCf}&nre=030A99999999999`))).status,
    ).toBe(404);
    const dispensed = await json<PrescriptionView>(
      galli.send('POST', api('records/prescriptions/dispense'), { fiscalCode: mariaCf, nre: rx.nre }),
    );
    expect(dispensed.status).toBe('completed');
    expect(
      (await galli.send('POST', api('records/prescriptions/dispense'), { fiscalCode: mariaCf, nre: rx.nre })).status,
    ).toBe(409);
  });

  it('region: the ingestion SLA as aggregates', async () => {
    const report = await json<{
      slaSeconds: number;
      pending: number;
      histogram: unknown[];
      documentsByClass: unknown[];
      last24h: { processed: number };
      processedPerHour: { hour: string; documents: number }[];
    }>(region.get(api('records/ingestion')));
    expect(report.slaSeconds).toBe(86_400);
    expect(report.histogram).toHaveLength(12);
    // Documents per hour: every one of the last 24 hours, adding up to the day's total.
    expect(report.processedPerHour).toHaveLength(24);
    expect(report.processedPerHour.reduce((sum, h) => sum + h.documents, 0)).toBe(report.last24h.processed);
    expect(report.last24h.processed).toBeGreaterThan(0);
    expect((await maria.get(api('records/ingestion'))).status).toBe(403);
    expect((await region.get(api(`records/patients/${mariaCf}/documents`))).status).toBe(403);
  });
});

describe('the access log of the record, and one patient for the GP', () => {
  it('GP: one patient with the consent; someone not on the list is 404', async () => {
    expect(await json(colombo.get(api(`records/gp/patients/${mariaCf}`)))).toMatchObject({
      fiscalCode: mariaCf,
      consent: true,
      givenName: 'Maria',
    });
    const giuseppeCf = (
      await server.db.kysely
        .selectFrom('citizens')
        .select('fiscal_code')
        .where('given_name', '=', 'Giuseppe')
        .executeTakeFirstOrThrow()
    ).fiscal_code;
    expect((await colombo.get(api(`records/gp/patients/${giuseppeCf}`))).status).toBe(404);
    expect((await maria.get(api(`records/gp/patients/${mariaCf}`))).status).toBe(403);
  });

  it('citizen: who consulted my record, newest first, without my own reads unless asked', async () => {
    await json(colombo.get(api(`records/patients/${mariaCf}/vaccinations`)));
    await json(maria.get(api('me/records/vaccinations')));
    type Log = {
      total: number;
      items: { at: string; who: string; role: string; resourceType: string; purpose: string }[];
    };
    const others = await json<Log>(maria.get(api('me/records/access-log?limit=100')));
    expect(others.items[0]).toMatchObject({
      who: 'Laura Colombo',
      role: 'gp',
      resourceType: 'Immunization',
      purpose: 'consultation',
    });
    expect(others.items.some((i) => i.role === 'citizen')).toBe(false);
    expect(others.items.some((i) => i.role === 'pharmacist' && i.resourceType === 'MedicationDispense')).toBe(true);
    expect(others.items.map((i) => i.at)).toEqual([...others.items.map((i) => i.at)].sort().reverse());
    expect(others.items.some((i) => i.resourceType === 'CitizenProfile' || i.resourceType === 'Session')).toBe(false);
    const mine = await json<Log>(maria.get(api('me/records/access-log?others=false&limit=1')));
    expect(mine.items[0]).toMatchObject({ role: 'citizen', resourceType: 'Immunization', purpose: 'self-access' });
    expect(mine.total).toBeGreaterThan(others.total);
    expect((await colombo.get(api('me/records/access-log'))).status).toBe(403);
  });
});
