import type { CodeableConcept, Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import type { Analyte, Flag, LabPoint, LabTrends, ReferenceRange } from './schemas.ts';
import { conceptName, primaryCoding, sourceDocumentId, type SourceDocument } from './sources.ts';
import { convertUnit } from './units.ts';

/** A laboratory result: category "laboratory" (the transform sets it for every LAB battery's observation). */
export function isLaboratory(observation: Observation): boolean {
  return (observation.category ?? []).some((c) => (c.coding ?? []).some((k) => k.code === 'laboratory'));
}

/** The analyte an Observation measures, as a key that is the same across laboratories. */
export function analyteKey(code: CodeableConcept): string {
  const coding = primaryCoding(code);
  if (coding?.code !== undefined) return `${coding.system ?? ''}|${coding.code}`;
  return `text|${conceptName(code).trim().toLowerCase()}`;
}

// HL7 v3 ObservationInterpretation (2.16.840.1.113883.5.83), as the LAB IG's interpretationCode carries it.
const STATED: Readonly<Record<string, Exclude<Flag, null>>> = {
  L: 'low',
  LL: 'low',
  LU: 'low',
  H: 'high',
  HH: 'high',
  HU: 'high',
  A: 'abnormal',
  AA: 'abnormal',
  N: 'normal',
};

/** The laboratory's own interpretation wins; else the value against the range; else nothing is claimed. */
export function flagOf(
  interpretation: CodeableConcept[] | undefined,
  value: number | null,
  range: ReferenceRange | null,
) {
  const stated = (interpretation ?? []).flatMap((c) => c.coding ?? []).find((c) => STATED[c.code ?? ''] !== undefined);
  if (stated?.code !== undefined) return STATED[stated.code] ?? null;
  if (value === null || range === null || (range.low === null && range.high === null)) return null;
  if (range.low !== null && value < range.low) return 'low';
  if (range.high !== null && value > range.high) return 'high';
  return 'normal';
}

/** The first range of an Observation, its bounds converted to `unit` (a bound that cannot be converted is dropped). */
function rangeIn(ranges: ObservationReferenceRange[] | undefined, unit: string | null): ReferenceRange | null {
  const first = ranges?.[0];
  if (first === undefined) return null;
  const bound = (q: { value?: number; code?: string; unit?: string } | undefined): number | null =>
    q?.value === undefined ? null : convertUnit(q.value, q.code ?? q.unit ?? unit, unit);
  return { low: bound(first.low), high: bound(first.high), text: first.text ?? null };
}

interface Reading {
  readonly observation: Observation;
  readonly document: SourceDocument | null;
  readonly date: string;
  readonly value: number | null;
  readonly unit: string | null;
}

function readingOf(observation: Observation, documents: ReadonlyMap<string, SourceDocument>): Reading {
  const documentId = sourceDocumentId(observation);
  const document = documentId === null ? null : (documents.get(documentId) ?? null);
  const quantity = observation.valueQuantity;
  return {
    observation,
    document,
    date:
      observation.effectiveDateTime ??
      observation.effectivePeriod?.start ??
      observation.issued ??
      document?.date ??
      observation.meta?.lastUpdated ??
      '',
    value: quantity?.value ?? null,
    unit: quantity?.code ?? quantity?.unit ?? null,
  };
}

const byDate = (a: Reading, b: Reading) =>
  Date.parse(a.date) - Date.parse(b.date) || (a.observation.id ?? '').localeCompare(b.observation.id ?? '');

function analyteOf(key: string, readings: Reading[]): Analyte {
  const sorted = [...readings].sort(byDate);
  // The newest numeric reading sets the unit and the range drawn: the laboratory's current practice.
  const newest = [...sorted].reverse().find((r) => r.value !== null) ?? sorted[sorted.length - 1];
  const unit = newest?.unit ?? null;
  const code = newest === undefined ? undefined : primaryCoding(newest.observation.code);
  const points: LabPoint[] = sorted.map((r) => {
    const value = r.value === null ? null : convertUnit(r.value, r.unit ?? unit, unit);
    const range = rangeIn(r.observation.referenceRange, r.unit ?? unit);
    const shownRange = rangeIn(r.observation.referenceRange, unit);
    return {
      observationId: r.observation.id ?? '',
      documentId: r.document?.id ?? sourceDocumentId(r.observation),
      documentTitle: r.document?.title ?? null,
      facility: r.document?.facility ?? null,
      date: r.date,
      value,
      reported: { value: r.value, text: r.observation.valueString ?? null, unit: r.unit },
      range: shownRange,
      // Against the range in the reported unit: a conversion can't turn an in-range value into a flagged one.
      flag: flagOf(r.observation.interpretation, r.value, range),
    };
  });
  return {
    key,
    code: code?.code === undefined ? null : { system: code.system ?? '', code: code.code },
    name: newest === undefined ? key : conceptName(newest.observation.code) || key,
    unit,
    referenceRange: points.findLast((p) => p.range !== null)?.range ?? null,
    points,
  };
}

/**
 * Laboratory results over time (issue 20 item 2): one series per analyte across every document the reader may see,
 * whichever facility produced it, oldest first, in one unit; analytes by name.
 */
export function labTrends(observations: Observation[], documents: ReadonlyMap<string, SourceDocument>): LabTrends {
  const groups = new Map<string, Reading[]>();
  for (const observation of observations) {
    if (!isLaboratory(observation) || observation.status === 'entered-in-error' || observation.status === 'cancelled')
      continue;
    const reading = readingOf(observation, documents);
    if (reading.value === null && observation.valueString === undefined) continue;
    const key = analyteKey(observation.code);
    groups.set(key, [...(groups.get(key) ?? []), reading]);
  }
  const analytes = [...groups].map(([key, readings]) => analyteOf(key, readings));
  return { analytes: analytes.sort((a, b) => a.name.localeCompare(b.name, 'it') || a.key.localeCompare(b.key)) };
}
