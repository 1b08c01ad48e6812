import { AUDIT_EVENT, IMMUNIZATION, PATIENT } from './projected.ts';
import type { TypeSpec } from './spec.ts';
import { CONSENT, MEDICATION_DISPENSE, MEDICATION_REQUEST, OBSERVATION } from './clinical.ts';
import { BINARY, DOCUMENT_REFERENCE, LIST } from './documents.ts';
import { ALLERGY_INTOLERANCE, CONDITION, DIAGNOSTIC_REPORT, MEDICATION_STATEMENT } from './derived.ts';

/** Every resource type the FSE serves, in CapabilityStatement order. */
export const SPECS: readonly TypeSpec[] = [
  PATIENT,
  DOCUMENT_REFERENCE,
  BINARY,
  LIST,
  IMMUNIZATION,
  OBSERVATION,
  DIAGNOSTIC_REPORT,
  CONDITION,
  ALLERGY_INTOLERANCE,
  MEDICATION_STATEMENT,
  MEDICATION_REQUEST,
  MEDICATION_DISPENSE,
  CONSENT,
  AUDIT_EVENT,
];

const byType = new Map<string, TypeSpec>(SPECS.map((s) => [s.type, s]));

export function specOf(type: string): TypeSpec | undefined {
  return byType.get(type);
}

export {
  AUDIT_EVENT,
  BINARY,
  CONSENT,
  DOCUMENT_REFERENCE,
  IMMUNIZATION,
  LIST,
  MEDICATION_DISPENSE,
  MEDICATION_REQUEST,
  OBSERVATION,
  PATIENT,
};
