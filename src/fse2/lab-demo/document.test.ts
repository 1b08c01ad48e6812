/**
 * The demo's laboratory reports against the pinned national catalog (XSD, schematronFSE_LAB and terminology, through
 * the engine of src/fse2/index.ts): every report of every demo citizen has 0 errors. Their FHIR conversion gives the
 * lab views what the demo promises: four analytes from two facilities, haemoglobin in g/dL and g/L put on one axis,
 * values out of range flagged by the laboratory.
 */
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoLogins, loadLombardy } from '../../registry/index.ts';
import { createCdaValidator, type CdaValidator } from '../index.ts';
import { convertCdaToFhir } from '../transform/index.ts';
import type { VaccPatient } from '../vacc/header.ts';
import { labTrends } from '../views/lab-trends.ts';
import type { SourceDocument } from '../views/sources.ts';
import { DEMO_LAB_REPORTS, type DemoLabReport } from './content.ts';
import { labReportCda, resultsOf } from './document.ts';
import { sampledAt } from './seed.ts';

let validator: CdaValidator;
beforeAll(async () => {
  validator = await createCdaValidator();
}, 60_000);
afterAll(async () => {
  await validator.close();
});

const logins = demoLogins(loadLombardy());
const NOW = new Date('2026-12-07T10:00:00Z');

/** The demo people with reports, as the registry seeds them (name, sex, birth date, computed codice fiscale). */
const people: { username: string; patient: VaccPatient; reports: readonly DemoLabReport[] }[] = DEMO_CITIZENS.filter(
  (c) => DEMO_LAB_REPORTS[c.username] !== undefined,
).map((c) => ({
  username: c.username,
  patient: {
    fiscalCode: logins.get(c.username) ?? '',
    givenName: c.given,
    familyName: c.family,
    sex: c.sex,
    birthDate: c.birthDate,
  },
  reports: DEMO_LAB_REPORTS[c.username] ?? [],
}));

const cdaOf = (patient: VaccPatient, report: DemoLabReport): string =>
  labReportCda({
    patient,
    report,
    sampledAt: sampledAt(NOW, report.daysAgo),
    idExtension: `SALUS.LABDEMO.${patient.fiscalCode}.${report.key}`,
  });

const documents = people.flatMap(({ username, patient, reports }) =>
  reports.map((report) => ({ name: `${username} ${report.key}`, patient, report })),
);

describe('the demo LAB CDA2 documents', () => {
  it('cover maria.brambilla and two more demo citizens, from two facilities', () => {
    expect(people.map((p) => p.username).sort()).toEqual(['ernesto.pozzi', 'giuseppe.locatelli', 'maria.brambilla']);
    expect(documents).toHaveLength(8);
    expect(new Set(documents.map((d) => d.report.facility.code))).toEqual(new Set(['OSP-MI-001', 'LAB-BG-001']));
    for (const { patient } of people) expect(patient.fiscalCode).toMatch(/^[A-Z0-9]{16}$/);
  });

  it.each(documents)('$name: valid against XSD, schematronFSE_LAB and terminology (0 errors)', async (d) => {
    const cda = cdaOf(d.patient, d.report);
    const result = await validator.validate(Buffer.from(cda, 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.documentType).toBe('LAB');
    expect(result.schematron?.name).toMatch(/^schematronFSE_LAB_v/);
    // Only LOINC's table is absent from the catalog (its licence): said, never reported as checked.
    expect(result.unchecked.map((u) => u.codeSystem)).toEqual(['2.16.840.1.113883.6.1']);
  });

  it('flags each value against its laboratory range, by sex', () => {
    const maria = people.find((p) => p.username === 'maria.brambilla');
    const report = maria?.reports.find((r) => r.key === '2025-ngd');
    if (maria === undefined || report === undefined) throw new Error('no report 2025-ngd for Maria');
    const flags = Object.fromEntries(resultsOf(report, 'F').map((r) => [r.name, [r.value, r.unit, r.flag]]));
    expect(flags).toEqual({
      glucose: [118, 'mg/dL', 'H'],
      creatinine: [1.02, 'mg/dL', 'H'],
      cholesterol: [236, 'mg/dL', 'H'],
      haemoglobin: [11.4, 'g/dL', 'L'],
    });
    // The same 1.02 mg/dL is in a man's range at Niguarda (0.7-1.2).
    expect(resultsOf(report, 'M').find((r) => r.name === 'creatinine')?.flag).toBe('N');
  });

  it("converts to Observations the lab views chart: Maria's four analytes over four reports, one unit each", () => {
    const maria = people.find((p) => p.username === 'maria.brambilla');
    if (maria === undefined) throw new Error('no Maria');
    const observations: Observation[] = [];
    const sources = new Map<string, SourceDocument>();
    maria.reports.forEach((report, i) => {
      const id = `doc-${i}`;
      const converted = convertCdaToFhir(Buffer.from(cdaOf(maria.patient, report), 'utf8'), {
        documentReferenceId: id,
      });
      if (!converted.ok) throw new Error(converted.message);
      expect(converted.documentType).toBe('LAB');
      for (const e of converted.bundle.entry ?? [])
        if (e.resource?.resourceType === 'Observation') observations.push(e.resource);
      sources.set(id, {
        id,
        title: 'Referto di laboratorio',
        date: '',
        facility: report.facility.name,
        identifier: null,
      });
    });
    const trends = labTrends(observations, sources);
    expect(trends.analytes.map((a) => [a.name, a.unit, a.points.length])).toEqual([
      ['Colesterolo totale', 'mg/dL', 4],
      ['Creatinina', 'mg/dL', 4],
      ['Emoglobina', 'g/L', 4],
      ['Glucosio', 'mg/dL', 4],
    ]);
    const haemoglobin = trends.analytes.find((a) => a.name === 'Emoglobina');
    // Niguarda's g/dL on Bergamo's g/L axis (the newest report's unit), as reported in the table.
    expect(haemoglobin?.points.map((p) => [p.value, p.reported.value, p.reported.unit, p.flag, p.facility])).toEqual([
      [126, 12.6, 'g/dL', 'normal', 'Ospedale Niguarda Ca Granda - Laboratorio Analisi'],
      [118, 118, 'g/L', 'low', 'Laboratorio Analisi Bergamo'],
      [114, 11.4, 'g/dL', 'low', 'Ospedale Niguarda Ca Granda - Laboratorio Analisi'],
      [124, 124, 'g/L', 'normal', 'Laboratorio Analisi Bergamo'],
    ]);
    expect(haemoglobin?.referenceRange).toMatchObject({ low: 120, high: 160 });
    const glucose = trends.analytes.find((a) => a.name === 'Glucosio');
    expect(glucose?.points.map((p) => p.flag)).toEqual(['normal', 'high', 'high', 'normal']);
  });
});
