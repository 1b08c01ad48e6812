/** Results: CDA observations → Observation; a battery (organizer, or a laboratory act) → DiagnosticReport. */
import type { DiagnosticReport, Observation, ObservationReferenceRange, Reference } from '@medplum/fhirtypes';
import { attr, child, kids, text, xsiType, type Element } from './cda-dom.ts';
import type { Conversion } from './context.ts';
import { codeableConcept, dateTime, effective, quantity, range } from './datatypes.ts';

type ObservationValue = Pick<
  Observation,
  | 'valueQuantity'
  | 'valueCodeableConcept'
  | 'valueString'
  | 'valueBoolean'
  | 'valueInteger'
  | 'valueRange'
  | 'valueDateTime'
  | 'valuePeriod'
>;

/** An HL7 ANY value by its xsi:type → the matching Observation.value[x]. */
export function observationValue(el: Element | undefined): ObservationValue {
  if (el === undefined) return {};
  switch (xsiType(el)) {
    case 'PQ':
    case 'REAL': {
      const valueQuantity = quantity(el);
      return valueQuantity === undefined ? {} : { valueQuantity };
    }
    case 'INT': {
      const n = Number(attr(el, 'value'));
      return Number.isSafeInteger(n) && /^[+-]?\d+$/.test(attr(el, 'value') ?? '') ? { valueInteger: n } : {};
    }
    case 'IVL_PQ': {
      const valueRange = range(el);
      return valueRange === undefined ? {} : { valueRange };
    }
    case 'BL': {
      const value = attr(el, 'value');
      return value === 'true' || value === 'false' ? { valueBoolean: value === 'true' } : {};
    }
    case 'TS': {
      const valueDateTime = dateTime(attr(el, 'value'));
      return valueDateTime === undefined ? {} : { valueDateTime };
    }
    case 'IVL_TS': {
      const when = effective(el);
      const valuePeriod = when.period ?? (when.dateTime === undefined ? undefined : { start: when.dateTime });
      return valuePeriod === undefined ? {} : { valuePeriod };
    }
    case 'CD':
    case 'CE':
    case 'CV':
    case 'CO':
    case 'CS': {
      const valueCodeableConcept = codeableConcept(el);
      return valueCodeableConcept === undefined ? {} : { valueCodeableConcept };
    }
    default: {
      const valueString = text(el);
      return valueString === undefined ? {} : { valueString };
    }
  }
}

const OBSERVATION_STATUS: Record<string, Observation['status']> = {
  completed: 'final',
  active: 'preliminary',
  aborted: 'cancelled',
  cancelled: 'cancelled',
  nullified: 'entered-in-error',
};

function referenceRanges(el: Element): ObservationReferenceRange[] {
  return kids(el, 'referenceRange').flatMap((rr) => {
    const observationRange = child(rr, 'observationRange');
    const bounds = range(child(observationRange, 'value'));
    const words = text(child(observationRange, 'text'));
    if (bounds === undefined && words === undefined) return [];
    return [
      {
        ...(bounds?.low && { low: bounds.low }),
        ...(bounds?.high && { high: bounds.high }),
        ...(words && { text: words }),
      },
    ];
  });
}

/** A CDA observation with a code → Observation; undefined when it has no code (FHIR requires one). */
export function observation(
  conversion: Conversion,
  el: Element,
  fallbackCategory?: string,
): Reference<Observation> | undefined {
  const code = codeableConcept(child(el, 'code'));
  if (code === undefined) return undefined;
  const when = effective(child(el, 'effectiveTime'));
  const interpretation = kids(el, 'interpretationCode')
    .map(codeableConcept)
    .filter((c) => c !== undefined);
  const ranges = referenceRanges(el);
  const method = codeableConcept(child(el, 'methodCode'));
  const bodySite = codeableConcept(child(el, 'targetSiteCode'));
  const value = observationValue(kids(el, 'value')[0]);
  const resource: Observation & { id: string } = {
    resourceType: 'Observation',
    id: conversion.nextId('observation'),
    extension: [conversion.sourceExtension],
    status: OBSERVATION_STATUS[attr(child(el, 'statusCode'), 'code') ?? ''] ?? 'final',
    ...(fallbackCategory && {
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: fallbackCategory }],
        },
      ],
    }),
    code,
    subject: conversion.patient,
    ...(when.dateTime && { effectiveDateTime: when.dateTime }),
    ...(when.period && { effectivePeriod: when.period }),
    ...value,
    ...(interpretation.length > 0 && { interpretation }),
    ...(bodySite && { bodySite }),
    ...(method && { method }),
    ...(ranges.length > 0 && { referenceRange: ranges }),
    derivedFrom: [conversion.sourceDocument],
  };
  return conversion.add(resource);
}

/** The observations a battery holds, through nested organizers and entry relationships (the LAB IG nests both). */
function batteryObservations(el: Element): Element[] {
  const inner = [...kids(el, 'component'), ...kids(el, 'entryRelationship')].flatMap((c) =>
    c.children.filter((x) => x.localName === 'observation' || x.localName === 'organizer'),
  );
  return inner.flatMap((x) => (x.localName === 'observation' ? [x] : batteryObservations(x)));
}

/** A battery → DiagnosticReport with its observations as results; undefined when it holds none. */
export function diagnosticReport(
  conversion: Conversion,
  el: Element,
  sectionCode: Element | undefined,
  category: string | undefined,
): Reference | undefined {
  const observations = batteryObservations(el);
  const results = observations
    .map((o) => observation(conversion, o, category === 'LAB' ? 'laboratory' : undefined))
    .filter((r) => r !== undefined);
  if (results.length === 0) return undefined;
  const code = codeableConcept(child(el, 'code')) ?? codeableConcept(sectionCode) ?? { text: 'results' };
  const when = effective(child(el, 'effectiveTime'));
  const status = attr(child(el, 'statusCode'), 'code');
  const resource: DiagnosticReport & { id: string } = {
    resourceType: 'DiagnosticReport',
    id: conversion.nextId('diagnostic-report'),
    extension: [conversion.sourceExtension],
    status: status === 'active' ? 'partial' : status === 'aborted' ? 'cancelled' : 'final',
    ...(category && {
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: category }] }],
    }),
    code,
    subject: conversion.patient,
    ...(when.dateTime && { effectiveDateTime: when.dateTime }),
    ...(when.period && { effectivePeriod: when.period }),
    result: results,
  };
  // The section lists the report only; its observations are reached through result, as a document Bundle wants.
  return conversion.add(resource);
}
