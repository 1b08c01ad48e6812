import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SOURCE_DOCUMENT_EXTENSION } from '../transform/index.ts';
import { flagOf, labTrends } from './lab-trends.ts';
import type { SourceDocument } from './sources.ts';

const LOINC = 'http://loinc.org';
const docs = new Map<string, SourceDocument>([
  ['doc-a', { id: 'doc-a', title: 'Referto A', date: '2022-03-30', facility: 'Ospedale A', identifier: null }],
  ['doc-b', { id: 'doc-b', title: 'Referto B', date: '2023-01-10', facility: 'Laboratorio B', identifier: null }],
]);

function obs(
  id: string,
  doc: string,
  when: string,
  value: number | null,
  unit: string,
  more: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    extension: [{ url: SOURCE_DOCUMENT_EXTENSION, valueReference: { reference: `DocumentReference/${doc}` } }],
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
    ],
    code: { coding: [{ system: LOINC, code: '2160-0', display: 'Creatinina' }] },
    effectiveDateTime: when,
    ...(value === null ? {} : { valueQuantity: { value, unit, code: unit, system: 'http://unitsofmeasure.org' } }),
    referenceRange: [{ low: { value: 0.7, unit: 'mg/dL' }, high: { value: 1.2, unit: 'mg/dL' } }],
    ...more,
  };
}

describe('labTrends', () => {
  it('one series per analyte across documents of two facilities, oldest first, one unit, ranges converted', () => {
    const trends = labTrends(
      [
        obs('o3', 'doc-b', '2023-01-10T08:00:00+01:00', 1.5, 'mg/dL'),
        obs('o1', 'doc-a', '2022-03-30T10:00:00+01:00', 9, 'mg/L', {
          referenceRange: [{ low: { value: 7, unit: 'mg/L' }, high: { value: 12, unit: 'mg/L' } }],
        }),
        obs('o2', 'doc-a', '2022-09-01T10:00:00+02:00', 1.0, 'mg/dL'),
      ],
      docs,
    );
    expect(trends.analytes).toHaveLength(1);
    const [creatinine] = trends.analytes;
    expect(creatinine).toMatchObject({ key: `${LOINC}|2160-0`, name: 'Creatinina', unit: 'mg/dL' });
    expect(creatinine?.referenceRange).toEqual({ low: 0.7, high: 1.2, text: null });
    expect(creatinine?.points.map((p) => [p.observationId, p.value, p.facility, p.flag])).toEqual([
      ['o1', 0.9, 'Ospedale A', 'normal'], // 9 mg/L is 0.9 mg/dL, drawn on the newest unit's axis
      ['o2', 1, 'Ospedale A', 'normal'],
      ['o3', 1.5, 'Laboratorio B', 'high'],
    ]);
    // The range of the mg/L report, shown in mg/dL; what the laboratory reported is kept as it was.
    expect(creatinine?.points[0]?.range).toEqual({ low: 0.7, high: 1.2, text: null });
    expect(creatinine?.points[0]?.reported).toEqual({ value: 9, text: null, unit: 'mg/L' });
  });

  it('a unit that cannot be converted keeps its reported value for the table and no point on the axis', () => {
    const trends = labTrends(
      [obs('o1', 'doc-a', '2022-03-30', 88, 'umol/L'), obs('o2', 'doc-b', '2023-01-10', 1.1, 'mg/dL')],
      docs,
    );
    // umol/L to mg/dL needs creatinine's molecular weight, which the document does not carry.
    expect(trends.analytes[0]?.points.map((p) => [p.value, p.reported.value, p.reported.unit])).toEqual([
      [null, 88, 'umol/L'],
      [1.1, 1.1, 'mg/dL'],
    ]);
  });

  it("the lab's interpretation wins over the range; analytes by name; non-lab and errors left out", () => {
    const glucose = { coding: [{ system: LOINC, code: '2345-7', display: 'Glucosio' }] };
    const trends = labTrends(
      [
        obs('g1', 'doc-a', '2022-03-30', 1.0, 'mg/dL', {
          code: glucose,
          interpretation: [{ coding: [{ code: 'L' }] }],
        }),
        obs('c1', 'doc-a', '2022-03-30', 1.0, 'mg/dL'),
        obs('x1', 'doc-a', '2022-03-30', 2.0, 'mg/dL', { status: 'entered-in-error' }),
        obs('v1', 'doc-a', '2022-03-30', 120, 'mm[Hg]', { category: [{ coding: [{ code: 'vital-signs' }] }] }),
      ],
      docs,
    );
    expect(trends.analytes.map((a) => [a.name, a.points.map((p) => [p.observationId, p.flag])])).toEqual([
      ['Creatinina', [['c1', 'normal']]],
      ['Glucosio', [['g1', 'low']]],
    ]);
  });

  it('an analyte without a code groups by its name; a text result is kept', () => {
    const trends = labTrends(
      [
        obs('t1', 'doc-a', '2022-03-30', null, '', { code: { text: 'Esame colturale' }, valueString: 'Negativo' }),
        obs('t2', 'doc-b', '2023-01-10', null, '', { code: { text: 'esame colturale ' }, valueString: 'Positivo' }),
      ],
      docs,
    );
    expect(trends.analytes).toHaveLength(1);
    expect(trends.analytes[0]?.points.map((p) => [p.reported.text, p.value, p.flag])).toEqual([
      ['Negativo', null, null],
      ['Positivo', null, null],
    ]);
  });

  it('flags: below, above, inside, one-sided ranges, no range', () => {
    const range = { low: 1, high: 2, text: null };
    expect(flagOf(undefined, 0.5, range)).toBe('low');
    expect(flagOf(undefined, 2.5, range)).toBe('high');
    expect(flagOf(undefined, 2, range)).toBe('normal');
    expect(flagOf(undefined, 5, { low: null, high: 4, text: null })).toBe('high');
    expect(flagOf(undefined, 5, null)).toBeNull();
    expect(flagOf([{ coding: [{ code: 'HH' }] }], 1.5, range)).toBe('high');
  });
});
