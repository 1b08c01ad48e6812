/** Immunization, Condition, AllergyIntolerance and MedicationStatement from their CDA2 entries. */
import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  Immunization,
  MedicationStatement,
  Reference,
} from '@medplum/fhirtypes';
import { all, attr, child, kids, text, type Element } from './cda-dom.ts';
import type { Conversion } from './context.ts';
import { codeableConcept, effective, quantity } from './datatypes.ts';
import { organization, practitioner } from './header.ts';
import { observation } from './results.ts';

const UNKNOWN: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }],
};

/** The CodeableConcept of a related observation's value, found by the observation's LOINC code. */
function relatedValue(el: Element, loinc: string): Element | undefined {
  return all(el, 'entryRelationship/observation')
    .find((o) => attr(child(o, 'code'), 'code') === loinc)
    ?.children.find((c) => c.localName === 'value');
}

function product(el: Element): Element | undefined {
  return child(el, 'consumable/manufacturedProduct/manufacturedMaterial');
}

function productConcept(el: Element): CodeableConcept {
  const material = product(el);
  const name = text(child(material, 'name'));
  const code = codeableConcept(child(material, 'code'));
  if (code !== undefined) return name !== undefined && code.text === undefined ? { ...code, text: name } : code;
  return name === undefined ? UNKNOWN : { text: name };
}

/** substanceAdministration in an immunization section → Immunization (single dose and certificate alike). */
export function immunization(conversion: Conversion, el: Element): Reference {
  const when = effective(child(el, 'effectiveTime'));
  const occurrence = when.dateTime ?? when.period?.start;
  const notDone = attr(el, 'negationInd') === 'true' || attr(child(el, 'statusCode'), 'code') === 'cancelled';
  const dose = Number(attr(relatedValue(el, '30973-2'), 'value'));
  const targetDisease = codeableConcept(relatedValue(el, '75323-6'));
  const reasons = ['59785-6', '95715-9']
    .map((c) => codeableConcept(relatedValue(el, c)))
    .filter((c) => c !== undefined);
  const performers = all(el, 'performer/assignedEntity')
    .map((p) => practitioner(conversion, p))
    .filter((p) => p !== undefined);
  const manufacturer = organization(conversion, child(el, 'consumable/manufacturedProduct/manufacturerOrganization'));
  const lotNumber = text(child(product(el), 'lotNumberText'));
  const route = codeableConcept(child(el, 'routeCode'));
  const site = codeableConcept(child(el, 'approachSiteCode'));
  const doseQuantity = quantity(child(el, 'doseQuantity'));
  // An adverse reaction (typeCode CAUS, LOINC 31044-1) is a finding of its own: Immunization.reaction points to it.
  const reactions = kids(el, 'entryRelationship')
    .filter((r) => attr(r, 'typeCode') === 'CAUS')
    .flatMap((r) => kids(r, 'observation'))
    .flatMap((o) => {
      const detail = observation(conversion, o);
      const start = effective(child(o, 'effectiveTime'));
      const date = start.dateTime ?? start.period?.start;
      return detail === undefined ? [] : [{ detail, ...(date && { date }) }];
    });
  const resource: Immunization & { id: string } = {
    resourceType: 'Immunization',
    id: conversion.nextId('immunization'),
    extension: [conversion.sourceExtension],
    status: notDone ? 'not-done' : 'completed',
    vaccineCode: productConcept(el),
    patient: conversion.patient,
    // occurrence[x] is 1..1: a dose without a readable date says so rather than inventing one.
    ...(occurrence === undefined ? { occurrenceString: 'unknown' } : { occurrenceDateTime: occurrence }),
    ...(manufacturer && { manufacturer }),
    ...(lotNumber && { lotNumber }),
    ...(site && { site }),
    ...(route && { route }),
    ...(doseQuantity && { doseQuantity }),
    ...(performers.length > 0 && { performer: performers.map((actor) => ({ actor })) }),
    ...(reasons.length > 0 && { reasonCode: reasons }),
    ...(reactions.length > 0 && { reaction: reactions }),
    ...(Number.isSafeInteger(dose) &&
      dose > 0 && {
        protocolApplied: [{ doseNumberPositiveInt: dose, ...(targetDisease && { targetDisease: [targetDisease] }) }],
      }),
  };
  return conversion.add(resource);
}

// SNOMED CT problem status values (HL7 Italia IG "Stato del problema", LOINC 33999-4).
const CLINICAL_STATUS: Record<string, string> = {
  '55561003': 'active',
  '73425007': 'inactive',
  '413322009': 'resolved',
};

function clinicalStatus(el: Element, abated: boolean, system: string): CodeableConcept {
  const stated = CLINICAL_STATUS[attr(relatedValue(el, '33999-4'), 'code') ?? ''];
  return { coding: [{ system, code: stated ?? (abated ? 'resolved' : 'active') }] };
}

/** Observation codes that state a diagnosis or a problem (HL7 Italia IGs), and the Condition category they mean. */
export const CONDITION_OBSERVATION_CODES: Readonly<Record<string, 'problem-list-item' | 'encounter-diagnosis'>> = {
  '75326-9': 'problem-list-item', // Problem
  '29308-4': 'encounter-diagnosis', // Diagnosis
  '8646-2': 'encounter-diagnosis', // Hospital admission diagnosis
  '8651-2': 'encounter-diagnosis', // Hospital discharge diagnosis
  '11535-2': 'encounter-diagnosis', // Hospital discharge Dx
};

/** A problem or diagnosis observation → Condition; undefined when it names no condition (value without a code). */
export function condition(conversion: Conversion, el: Element, category: string): Reference | undefined {
  const code = codeableConcept(kids(el, 'value')[0]);
  if (code === undefined) return undefined;
  const when = effective(child(el, 'effectiveTime'));
  const onset = when.dateTime ?? when.period?.start;
  const abatement = when.period?.end;
  const clinicalSystem = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
  const status = clinicalStatus(el, abatement !== undefined, clinicalSystem);
  // con-4: an abated condition cannot be active; the CDA's own status wins only where it is consistent.
  const consistent =
    abatement !== undefined && status.coding?.[0]?.code === 'active'
      ? { coding: [{ system: clinicalSystem, code: 'resolved' }] }
      : status;
  const resource: Condition & { id: string } = {
    resourceType: 'Condition',
    id: conversion.nextId('condition'),
    extension: [conversion.sourceExtension],
    clinicalStatus: consistent,
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: category }] }],
    code,
    subject: conversion.patient,
    ...(onset && { onsetDateTime: onset }),
    ...(abatement && { abatementDateTime: abatement }),
    evidence: [{ detail: [conversion.sourceDocument] }],
  };
  return conversion.add(resource);
}

const ALLERGY_TYPE: Record<string, ['allergy' | 'intolerance', AllergyIntolerance['category']]> = {
  ALG: ['allergy', undefined],
  DALG: ['allergy', ['medication']],
  EALG: ['allergy', ['environment']],
  FALG: ['allergy', ['food']],
  INT: ['intolerance', undefined],
  DINT: ['intolerance', ['medication']],
  EINT: ['intolerance', ['environment']],
  FINT: ['intolerance', ['food']],
  NAINT: ['intolerance', undefined],
  DNAINT: ['intolerance', ['medication']],
  ENAINT: ['intolerance', ['environment']],
  FNAINT: ['intolerance', ['food']],
};

/** One allergy observation of an allergy concern act → AllergyIntolerance. */
function allergy(conversion: Conversion, el: Element): Reference | undefined {
  const value = kids(el, 'value')[0];
  const agent = codeableConcept(child(el, 'participant/participantRole/playingEntity/code'));
  const kind = ALLERGY_TYPE[attr(value, 'code') ?? ''];
  const code = agent ?? (kind === undefined ? codeableConcept(value) : undefined);
  if (code === undefined && kind === undefined) return undefined;
  const when = effective(child(el, 'effectiveTime'));
  const onset = when.dateTime ?? when.period?.start;
  const clinicalSystem = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
  const manifestations = all(el, 'entryRelationship/observation')
    .filter((o) => o.parentElement?.getAttribute('typeCode') === 'MFST')
    .map((o) => codeableConcept(kids(o, 'value')[0]))
    .filter((c) => c !== undefined);
  const resource: AllergyIntolerance & { id: string } = {
    resourceType: 'AllergyIntolerance',
    id: conversion.nextId('allergy-intolerance'),
    extension: [conversion.sourceExtension],
    clinicalStatus: clinicalStatus(el, when.period?.end !== undefined, clinicalSystem),
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }],
    },
    ...(kind && { type: kind[0] }),
    ...(kind?.[1] && { category: kind[1] }),
    ...(code && { code }),
    patient: conversion.patient,
    ...(onset && { onsetDateTime: onset }),
    ...(manifestations.length > 0 && { reaction: [{ manifestation: manifestations }] }),
  };
  return conversion.add(resource);
}

/** An allergy concern act → one AllergyIntolerance per allergy observation it holds. */
export function allergies(conversion: Conversion, act: Element): Reference[] {
  return all(act, 'entryRelationship/observation')
    .map((o) => allergy(conversion, o))
    .filter((r) => r !== undefined);
}

const STATEMENT_STATUS: Record<string, MedicationStatement['status']> = {
  completed: 'completed',
  active: 'active',
  aborted: 'stopped',
  suspended: 'on-hold',
  cancelled: 'not-taken',
  nullified: 'entered-in-error',
};

/** substanceAdministration outside immunizations → MedicationStatement (taken, or intended when not EVN mood). */
export function medicationStatement(conversion: Conversion, el: Element): Reference {
  const mood = attr(el, 'moodCode') ?? 'EVN';
  const status =
    mood === 'EVN' ? (STATEMENT_STATUS[attr(child(el, 'statusCode'), 'code') ?? ''] ?? 'completed') : 'intended';
  // The first effectiveTime is the interval of use; a second one (PIVL_TS/EIVL_TS) is the frequency.
  const when = effective(kids(el, 'effectiveTime')[0]);
  const doseEl = child(el, 'doseQuantity');
  const dose = quantity(doseEl) ?? quantity(child(doseEl, 'low'));
  const route = codeableConcept(child(el, 'routeCode'));
  const site = codeableConcept(child(el, 'approachSiteCode'));
  const dosage = {
    ...(route && { route }),
    ...(site && { site }),
    ...(dose && { doseAndRate: [{ doseQuantity: dose }] }),
  };
  const resource: MedicationStatement & { id: string } = {
    resourceType: 'MedicationStatement',
    id: conversion.nextId('medication-statement'),
    extension: [conversion.sourceExtension],
    status,
    medicationCodeableConcept: productConcept(el),
    subject: conversion.patient,
    ...(when.dateTime && { effectiveDateTime: when.dateTime }),
    ...(when.period && { effectivePeriod: when.period }),
    derivedFrom: [conversion.sourceDocument],
    ...(Object.keys(dosage).length > 0 && { dosage: [dosage] }),
  };
  return conversion.add(resource);
}
