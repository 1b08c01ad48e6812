import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { fileCda, variantCda } from '../../../test/support/fse2/clinical-views.ts';
import { exampleCda } from '../../../test/support/fse2/national-documents.ts';
import {
  sessionCaller,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';
import { cdaDeriver } from '../derive/index.ts';
import type { LabTrends, VaccinationHistory } from './schemas.ts';

// Documents are filed through records' national service with the conversion step the Gateway runs after its checks
// (fse2/derive): publishing through the Gateway's HTTP API needs PAdES-signed PDFs, and the national signed samples
// are one facility's documents about people not in this registry; the Gateway's own tests cover that path.
let server: RecordsTestServer;
const as: Record<string, Caller> = {};
let mariaCf = '';
let mariaId = 0;
let doseId = '';
const docs: Record<string, string> = {};

beforeAll(async () => {
  server = await startRecordsTestServer();
  for (const name of ['maria.brambilla']) as[name] = sessionCaller(await loginAs(server.baseUrl, name));
  for (const name of ['mmg.colombo', 'mmg.rota'])
    as[name] = sessionCaller(await loginAs(server.baseUrl, name, { as: 'operator' }));
  const maria = (
    await sql<{ id: number; fiscal_code: string }>`
      SELECT id, fiscal_code FROM citizens WHERE given_name = 'Maria' AND synthetic_seed IS NULL`.execute(
      server.db.kysely,
    )
  ).rows[0];
  mariaCf = maria?.fiscal_code ?? '';
  mariaId = maria?.id ?? 0;
  expect((await caller('maria.brambilla').send('PUT', api('me/records/consent'), { active: true })).status).toBe(200);

  // A dose given at a Salus centre (scheduling's table, as api.int.test.ts records one).
  await sql`INSERT INTO vaccine_products
      (code, name, manufacturer, medicinal_product, doses, interval_days, window_max_days)
    VALUES ('Comirnaty', 'Comirnaty', 'ORG-100030215', 'EU/1/20/1528', 2, 21, 42) ON CONFLICT DO NOTHING`.execute(
    server.db.kysely,
  );
  await sql`INSERT INTO centres
    (code, name, municipality_istat, province_code, opens_at, closes_at, slot_minutes, lines)
    SELECT 'C-VIEWS', 'Centro vaccinale Fiera', istat_code, province_code, '08:00', '20:00', 10, 4
      FROM municipalities WHERE name = 'Milano'`.execute(server.db.kysely);
  doseId = String(
    (
      await sql<{ id: number }>`INSERT INTO vaccinations (citizen_id, centre_id, product, lot, dose_number,
        administered_at, staff_operator_id)
      SELECT ${mariaId}, (SELECT id FROM centres WHERE code = 'C-VIEWS'), 'Comirnaty', 'FK1234', 1,
        '2021-05-10T09:00:00Z', (SELECT id FROM operators WHERE username = 'vacc.ferrari') RETURNING id`.execute(
        server.db.kysely,
      )
    ).rows[0]?.id,
  );

  const derive = cdaDeriver(server.records.national);
  const file = (key: string, cda: Buffer, docClass: string, uniqueId = `2.16.840.1.113883.2.9.2.30.4.4^views-${key}`) =>
    fileCda(server.records.national, server.db.kysely as never, cda, {
      fiscalCode: mariaCf,
      uniqueId,
      docClass,
      derive,
    });
  // The national LAB example (San Raffaele, microalbumin 16 mg/L on 30 March 2022) and the same test from another
  // hospital ten months later: 24 mg/L, above the range, flagged H by that laboratory.
  docs.labA = await file('lab-a', exampleCda('LAB', mariaCf), 'REF');
  const later = variantCda('LAB', mariaCf, {
    organisation: 'Ospedale Niguarda',
    replace: [
      ['20220330112426+0100', '20230115090000+0100'],
      ['value="16.00" unit="mg/L"', 'value="24.00" unit="mg/L"'],
      [/<interpretationCode code="N"/, '<interpretationCode code="H"'], // the result's, not its range's
    ],
  });
  docs.labB = await file('lab-b', later, 'REF');
  // Salus's own single-vaccination CDA2 for the dose (its id scheme: fse2/vacc/documents.ts): the same dose.
  const own = variantCda('SING_VACC', mariaCf, {
    organisation: 'Regione Lombardia',
    replace: [
      ['code="035606033"', 'code="049269018"'],
      ['20220330101000+0100', '20210510110000+0200'],
      ['<value xsi:type="INT" value="3"/>', '<value xsi:type="INT" value="1"/>'],
    ],
  });
  docs.salusVacc = await file('salus-vacc', own, 'VAC', `2.16.840.1.113883.2.9.2.30^SALUS.VACC.${doseId}`);
  // Another region's single vaccination and its certificate, which lists the same dose again (and a deferral).
  docs.single = await file('single', exampleCda('SING_VACC', mariaCf), 'VAC');
  docs.cert = await file('cert', exampleCda('CERT_VACC', mariaCf), 'CER');
}, 180_000);
afterAll(async () => {
  await server.close();
});

const api = (path: string) => `${server.baseUrl}/api/${path}`;
const caller = (who: string): Caller => {
  const found = as[who];
  if (found === undefined) throw new Error(`no caller ${who}`);
  return found;
};
const read = async <T>(who: string, path: string): Promise<T> => {
  const r = await caller(who).get(api(path));
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const gp = (what: string) => `records/patients/${mariaCf}/${what}`;
const logged = async (role: string, type: string) =>
  Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events
        WHERE actor_role = ${role} AND resource_type = ${type} AND subject_citizen_id = ${mariaId}`.execute(
        server.db.kysely,
      )
    ).rows[0]?.n ?? 0,
  );

describe('lab results over time', () => {
  it('the GP sees one microalbumin series from two hospitals: oldest first, unit, range, high flagged', async () => {
    const before = await logged('gp', 'Observation');
    const trends = await read<LabTrends>('mmg.colombo', gp('lab-results'));
    expect(await logged('gp', 'Observation')).toBeGreaterThan(before);
    expect(trends.analytes).toHaveLength(1);
    const [microalbumin] = trends.analytes;
    expect(microalbumin).toMatchObject({
      code: { system: 'http://loinc.org', code: '14957-5' },
      unit: 'mg/L',
      referenceRange: { low: 0, high: 20 },
    });
    expect(microalbumin?.points.map((p) => [p.date.slice(0, 7), p.value, p.flag, p.facility, p.documentId])).toEqual([
      ['2022-03', 16, 'normal', 'SAN RAFFAELE NOMENTANA', docs.labA],
      ['2023-01', 24, 'high', 'Ospedale Niguarda', docs.labB],
    ]);
  });

  it('the citizen sees the same in "Il mio fascicolo"', async () => {
    const mine = await read<LabTrends>('maria.brambilla', 'me/records/lab-results');
    expect(mine).toEqual(await read<LabTrends>('mmg.colombo', gp('lab-results')));
  });

  it("another GP is refused (the patient is not on their list); a citizen can't use the GP's route", async () => {
    for (const what of ['lab-results', 'vaccination-history']) {
      const refused = await caller('mmg.rota').get(api(gp(what)));
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(((await refused.json()) as { code?: string }).code ?? '').toContain('patient_not_on_list');
      expect((await caller('maria.brambilla').get(api(gp(what)))).status).toBe(403);
      expect((await caller('mmg.colombo').get(api(`me/records/${what}`))).status).toBe(403);
    }
  });

  it("a hidden document's results leave the GP's view (the citizen still sees hers); shown again, back", async () => {
    const hide = (hidden: boolean) =>
      caller('maria.brambilla').send('PUT', api(`me/records/documents/${docs.labB}/visibility`), { hidden });
    expect((await hide(true)).status).toBe(200);
    const hiddenForGp = await read<LabTrends>('mmg.colombo', gp('lab-results'));
    expect(hiddenForGp.analytes[0]?.points.map((p) => p.documentId)).toEqual([docs.labA]);
    const mine = await read<LabTrends>('maria.brambilla', 'me/records/lab-results');
    expect(mine.analytes[0]?.points).toHaveLength(2);
    expect((await hide(false)).status).toBe(200);
    expect((await read<LabTrends>('mmg.colombo', gp('lab-results'))).analytes[0]?.points).toHaveLength(2);
  });
});

describe('vaccination history', () => {
  it("each dose once, every source named: Salus's dose and its own document; a dose in two documents", async () => {
    const before = await logged('gp', 'Immunization');
    const history = await read<VaccinationHistory>('mmg.colombo', gp('vaccination-history'));
    expect(await logged('gp', 'Immunization')).toBeGreaterThan(before);
    const rows = history.vaccinations.map((v) => [
      v.date.slice(0, 10),
      v.doseNumber,
      v.sources.map((s) => `${s.kind}:${s.documentId ?? s.immunizationId}`),
    ]);
    // The certificate's second entry (10 April 2022) is an exemption or deferral (statusCode cancelled, not-done):
    // not a dose given, so not history.
    expect(rows).toEqual([
      // Sources by title: "Certificato Vaccinale", then "Scheda della singola Vaccinazione".
      ['2022-03-30', 3, [`document:${docs.cert}`, `document:${docs.single}`]],
      ['2021-05-10', 1, [`salus:${doseId}`, `document:${docs.salusVacc}`]],
    ]);
    expect(history.vaccinations[1]).toMatchObject({ vaccine: 'Comirnaty', lot: 'FK1234', doses: 2 });
    expect(history.vaccinations[1]?.sources[0]?.name).toBe('Centro vaccinale Fiera');
    expect(await read<VaccinationHistory>('maria.brambilla', 'me/records/vaccination-history')).toEqual(history);
  });

  it("a hidden VACC document's doses leave the GP's history; Salus's own dose stays", async () => {
    const hide = (id: string, hidden: boolean) =>
      caller('maria.brambilla').send('PUT', api(`me/records/documents/${id}/visibility`), { hidden });
    for (const id of [docs.cert, docs.single, docs.salusVacc]) expect((await hide(id ?? '', true)).status).toBe(200);
    const history = await read<VaccinationHistory>('mmg.colombo', gp('vaccination-history'));
    expect(history.vaccinations.map((v) => v.sources.map((s) => s.kind))).toEqual([['salus']]);
    for (const id of [docs.cert, docs.single, docs.salusVacc]) expect((await hide(id ?? '', false)).status).toBe(200);
  });
});
