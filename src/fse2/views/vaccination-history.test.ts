import type { Immunization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SOURCE_DOCUMENT_EXTENSION } from '../transform/index.ts';
import type { SourceDocument } from './sources.ts';
import { romeDay, vaccinationHistory } from './vaccination-history.ts';

const AIC = 'urn:oid:2.16.840.1.113883.2.9.6.1.5';
const ATC = 'urn:oid:2.16.840.1.113883.6.73';

/** A dose as records projects Salus's vaccinations (resources/projected.ts): EU number, no source document. */
function salusDose(id: string, at: string, dose: number, product = 'EU/1/20/1528'): Immunization {
  return {
    resourceType: 'Immunization',
    id,
    status: 'completed',
    vaccineCode: {
      coding: [{ system: 'https://ec.europa.eu/', code: product, display: 'Comirnaty' }],
      text: 'Comirnaty',
    },
    patient: { reference: 'Patient/1' },
    occurrenceDateTime: at,
    primarySource: true,
    lotNumber: 'FF1234',
    location: { display: 'Hub Milano Fiera' },
    protocolApplied: [{ doseNumberPositiveInt: dose, seriesDosesPositiveInt: 2 }],
  };
}

/** A dose derived from a VACC CDA2: AIC and ATC codes, the source-document extension. */
function documentDose(id: string, doc: string, at: string, dose: number, aic = '049269018'): Immunization {
  return {
    resourceType: 'Immunization',
    id,
    extension: [{ url: SOURCE_DOCUMENT_EXTENSION, valueReference: { reference: `DocumentReference/${doc}` } }],
    status: 'completed',
    vaccineCode: {
      coding: [
        { system: AIC, code: aic, display: 'COMIRNATY' },
        { system: ATC, code: 'J07BN01', display: 'COVID-19, RNA-BASED VACCINE' },
      ],
    },
    patient: { reference: 'urn:uuid:p' },
    occurrenceDateTime: at,
    protocolApplied: [{ doseNumberPositiveInt: dose, targetDisease: [{ text: 'Covid 19' }] }],
  };
}

const doc = (id: string, facility: string, identifier: string | null = null): [string, SourceDocument] => [
  id,
  { id, title: `Vaccinazione ${id}`, date: '2021-06-01', facility, identifier },
];

describe('vaccinationHistory', () => {
  it("a Salus dose and Salus's own VACC document for it are one entry naming both sources", () => {
    const documents = new Map([doc('d-salus', 'Regione Lombardia', '2.16.840.1.113883.2.9.2.30^SALUS.VACC.41')]);
    // The document's time is written in another offset: the same Rome day, the same dose.
    const history = vaccinationHistory(
      [salusDose('41', '2021-05-10T22:30:00Z', 1), documentDose('i1', 'd-salus', '2021-05-11T00:30:00+02:00', 1)],
      documents,
    );
    expect(history.vaccinations).toHaveLength(1);
    expect(history.vaccinations[0]).toMatchObject({ vaccine: 'Comirnaty', doseNumber: 1, doses: 2, lot: 'FF1234' });
    expect(history.vaccinations[0]?.sources.map((s) => [s.kind, s.name, s.documentId])).toEqual([
      ['salus', 'Hub Milano Fiera', null],
      ['document', 'Regione Lombardia', 'd-salus'],
    ]);
    // What only the document says fills the gap.
    expect(history.vaccinations[0]?.disease).toBe('Covid 19');
  });

  it('the same vaccine, day and dose in a single vaccination and a certificate is one entry', () => {
    const documents = new Map([doc('d-single', 'ASL Roma 1'), doc('d-cert', 'Regione Lazio')]);
    const history = vaccinationHistory(
      [
        documentDose('a', 'd-single', '2021-06-01', 2),
        documentDose('b', 'd-cert', '2021-06-01T09:00:00+02:00', 2),
        documentDose('c', 'd-cert', '2021-05-01', 1),
      ],
      documents,
    );
    expect(history.vaccinations.map((v) => [v.date.slice(0, 10), v.doseNumber, v.sources.map((s) => s.name)])).toEqual([
      ['2021-06-01', 2, ['Regione Lazio', 'ASL Roma 1']], // sources by document title: "… d-cert" first
      ['2021-05-01', 1, ['Regione Lazio']],
    ]);
  });

  it('a different dose number, day or product stays a separate entry', () => {
    const documents = new Map([doc('d1', 'ASL')]);
    const history = vaccinationHistory(
      [
        salusDose('1', '2021-05-10T09:00:00Z', 1),
        documentDose('a', 'd1', '2021-05-10', 2), // dose 2 on the same day: a different dose
        documentDose('b', 'd1', '2021-05-11', 1), // the next day
        documentDose('c', 'd1', '2021-05-10', 1, '049283017'), // Spikevax: same ATC class, another product
      ],
      documents,
    );
    expect(history.vaccinations).toHaveLength(4);
  });

  it("a dose whose document the reader may not see (hidden, replaced) is left out; a Salus dose isn't", () => {
    const history = vaccinationHistory(
      [salusDose('1', '2021-05-10T09:00:00Z', 1), documentDose('a', 'hidden-doc', '2021-08-01', 1, '049314026')],
      new Map(),
    );
    expect(history.vaccinations.map((v) => v.sources[0]?.kind)).toEqual(['salus']);
  });

  it('newest first; a dose not given (not-done) is not history', () => {
    const history = vaccinationHistory(
      [
        salusDose('1', '2021-05-10T09:00:00Z', 1),
        salusDose('2', '2021-06-10T09:00:00Z', 2),
        { ...salusDose('3', '2021-07-10T09:00:00Z', 3), status: 'not-done' },
      ],
      new Map(),
    );
    expect(history.vaccinations.map((v) => v.doseNumber)).toEqual([2, 1]);
  });

  it("romeDay: Italy's calendar day, winter and summer", () => {
    expect(romeDay('2021-01-10T23:30:00Z')).toBe('2021-01-11');
    expect(romeDay('2021-07-10T21:59:00Z')).toBe('2021-07-10');
    expect(romeDay('2021-07-10')).toBe('2021-07-10');
  });
});
