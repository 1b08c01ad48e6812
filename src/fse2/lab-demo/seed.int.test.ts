/**
 * A fresh demo platform files the demo's laboratory reports as the national Gateway files a publication: the record
 * has the eight documents, the Gateway knows them (document rows and a PUBLICATION event each), and the lab views of
 * Maria Brambilla and of her GP show four analytes from two facilities, haemoglobin converted to one unit. A restart
 * files nothing twice and does not even load the CDA2 engine.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { sessionCaller } from '../../../test/support/records/clients.ts';
import { DEMO_CITIZENS } from '../../registry/index.ts';
import { seedDemoLabReports } from '../index.ts';
import type { LabTrends } from '../views/schemas.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20, env: { SALUS_DEMO_LAB_REPORTS: 'true' } });
}, 180_000);
afterAll(async () => {
  await platform.close();
});

const DEMO_IDS = '%^SALUS.LABDEMO.%';

async function counts() {
  const row = await sql<{ gateway: number; events: number; documents: number; observations: number }>`
    SELECT (SELECT count(*) FROM fse2_documents WHERE identificativo_doc LIKE ${DEMO_IDS})::int AS gateway,
      (SELECT count(*) FROM fse2_events WHERE trace_id LIKE 'fse2-lab-demo:%')::int AS events,
      (SELECT count(*) FROM fhir_document_reference WHERE master_identifier LIKE ${DEMO_IDS})::int AS documents,
      (SELECT count(*) FROM fhir_observation o
        JOIN fse2_documents d ON d.document_reference_id::text = o.source_document_id::text
        WHERE d.identificativo_doc LIKE ${DEMO_IDS})::int AS observations`.execute(platform.db.kysely);
  return row.rows[0];
}

const labResults = async (who: 'citizen' | 'gp', fiscalCode: string): Promise<LabTrends> => {
  const caller =
    who === 'citizen'
      ? sessionCaller(await loginAs(platform.baseUrl, 'maria.brambilla'))
      : sessionCaller(await loginAs(platform.baseUrl, 'mmg.colombo', { as: 'operator' }));
  const path = who === 'citizen' ? '/api/me/records/lab-results' : `/api/records/patients/${fiscalCode}/lab-results`;
  const response = await caller.get(`${platform.baseUrl}${path}`, { accept: 'application/json' });
  const body = (await response.json()) as LabTrends;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
};

describe('demo laboratory reports', () => {
  it('are filed once each, as Gateway publications, with their results derived (4 per report)', async () => {
    expect(await counts()).toEqual({ gateway: 8, events: 8, documents: 8, observations: 32 });
    const status = await sql<{ status: string; type_code: string }>`
      SELECT DISTINCT status, type_code FROM fse2_documents WHERE identificativo_doc LIKE ${DEMO_IDS}`.execute(
      platform.db.kysely,
    );
    expect(status.rows).toEqual([{ status: 'current', type_code: '11502-2' }]);
  });

  it("show in Maria's lab views and her GP's: four analytes over four reports from two facilities", async () => {
    const mariaCf = (
      await sql<{ fiscal_code: string }>`
        SELECT fiscal_code FROM citizens WHERE given_name = 'Maria' AND family_name = 'Brambilla'
          AND synthetic_seed IS NULL`.execute(platform.db.kysely)
    ).rows[0]?.fiscal_code;
    if (mariaCf === undefined) throw new Error('no Maria');
    for (const who of ['citizen', 'gp'] as const) {
      const trends = await labResults(who, mariaCf);
      expect(trends.analytes.map((a) => [a.name, a.unit, a.points.length])).toEqual([
        ['Colesterolo totale', 'mg/dL', 4],
        ['Creatinina', 'mg/dL', 4],
        ['Emoglobina', 'g/L', 4],
        ['Glucosio', 'mg/dL', 4],
      ]);
      const haemoglobin = trends.analytes.find((a) => a.name === 'Emoglobina');
      expect(haemoglobin?.points.map((p) => [p.value, p.reported.unit, p.flag])).toEqual([
        [126, 'g/dL', 'normal'],
        [118, 'g/L', 'low'],
        [114, 'g/dL', 'low'],
        [124, 'g/L', 'normal'],
      ]);
      expect(new Set(haemoglobin?.points.map((p) => p.facility))).toEqual(
        new Set(['Ospedale Niguarda Ca Granda - Laboratorio Analisi', 'Laboratorio Analisi Bergamo']),
      );
      // Oldest first, about three years apart.
      const dates = haemoglobin?.points.map((p) => Date.parse(p.date)) ?? [];
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
      expect((dates.at(-1) ?? 0) - (dates[0] ?? 0)).toBeGreaterThan(2.5 * 365 * 86_400_000);
    }
  });

  it('a restart files nothing twice and loads no CDA2 engine', async () => {
    const before = await counts();
    const again = await seedDemoLabReports({
      db: platform.db.kysely,
      citizens: DEMO_CITIZENS,
      records: platform.modules.records.national,
      validator: () => Promise.reject(new Error('the engine must not be needed: every report is filed')),
      log: { info: () => undefined },
    });
    expect(again).toEqual({ filed: 0 });
    expect(await counts()).toEqual(before);
  });
});
