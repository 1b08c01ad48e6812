import type { Bundle, CodeableConcept, Resource } from '@medplum/fhirtypes';
import { UUID } from '../search/compile.ts';
import { conceptKeys } from '../search/tokens.ts';

/** The clinical types a CDA2 conversion yields that the record stores and serves (issue 20 item 1). */
export const DERIVED_TYPES = [
  'Observation',
  'DiagnosticReport',
  'Immunization',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
] as const;
export type DerivedType = (typeof DERIVED_TYPES)[number];
const isDerivedType = (t: string): t is DerivedType => (DERIVED_TYPES as readonly string[]).includes(t);

/** One derived resource, ready to store: the resource as served and its search columns. */
export interface DerivedRow {
  readonly type: DerivedType;
  /** The converter's deterministic id (a UUID): the same document converts to the same ids. */
  readonly id: string;
  readonly resource: Resource & { id: string };
  readonly status: string;
  readonly code: string[];
  readonly category: string[];
  readonly date: Date;
}

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The clinically relevant date of each type (the first present), as the search's `date` parameter reads it. */
const DATE_PATHS: Readonly<Record<DerivedType, readonly string[]>> = {
  Observation: ['effectiveDateTime', 'effectivePeriod.start', 'issued'],
  DiagnosticReport: ['effectiveDateTime', 'effectivePeriod.start', 'issued'],
  Immunization: ['occurrenceDateTime', 'recorded'],
  Condition: ['onsetDateTime', 'onsetPeriod.start', 'recordedDate'],
  AllergyIntolerance: ['onsetDateTime', 'onsetPeriod.start', 'recordedDate'],
  MedicationStatement: ['effectiveDateTime', 'effectivePeriod.start', 'dateAsserted'],
};
const CODE_PATHS: Readonly<Record<DerivedType, string>> = {
  Observation: 'code',
  DiagnosticReport: 'code',
  Immunization: 'vaccineCode',
  Condition: 'code',
  AllergyIntolerance: 'code',
  MedicationStatement: 'medicationCodeableConcept',
};

function at(resource: Obj, path: string): Json {
  let v: Json = resource;
  for (const part of path.split('.')) v = isObj(v) ? v[part] : undefined;
  return v;
}

function dateOf(type: DerivedType, resource: Obj, fallback: Date): Date {
  for (const path of DATE_PATHS[type]) {
    const v = at(resource, path);
    if (typeof v !== 'string') continue;
    // A date without a time (2022-03-30) is that day in Rome, as the search reads dates.
    const d = new Date(/^\d{4}(-\d{2}){0,2}$/.test(v) ? `${v.padEnd(10, '-01').slice(0, 10)}T00:00:00+01:00` : v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return fallback;
}

const concepts = (v: Json): Obj[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isObj);

function statusOf(type: DerivedType, resource: Obj): string {
  if (type === 'Condition' || type === 'AllergyIntolerance') {
    const coding = (resource.clinicalStatus as CodeableConcept | undefined)?.coding?.[0]?.code;
    return coding ?? 'unknown';
  }
  return typeof resource.status === 'string' ? resource.status : 'unknown';
}

/**
 * The Bundle's clinical resources as the record keeps them. References between them become
 * `Type/id` (both are stored); the subject becomes the record's `Patient/<id>`; anything else the
 * Bundle holds (Practitioner, Organization, Specimen, Medication...) is contained in the resource
 * that points at it, so a derived resource reads whole without the document Bundle.
 */
export function derivedRows(bundle: Bundle, patientId: number, fallbackDate: Date): DerivedRow[] {
  const byUrl = new Map<string, Resource & { id: string }>();
  for (const e of bundle.entry ?? []) {
    if (e.fullUrl !== undefined && e.resource?.id !== undefined)
      byUrl.set(e.fullUrl, e.resource as Resource & { id: string });
  }
  const stored = new Set(
    [...byUrl.values()].filter((r) => isDerivedType(r.resourceType) && UUID.test(r.id)).map((r) => r.id),
  );
  const rows: DerivedRow[] = [];
  for (const resource of byUrl.values()) {
    const type = resource.resourceType;
    if (!isDerivedType(type) || !stored.has(resource.id)) continue;
    const contained = new Map<string, Obj>();
    const rewrite = (v: Json): Json => {
      if (Array.isArray(v)) return v.map(rewrite);
      if (!isObj(v)) return v;
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) out[k] = rewrite(x);
      const ref = v.reference;
      if (typeof ref !== 'string' || !ref.startsWith('urn:uuid:')) return out;
      const target = byUrl.get(ref);
      if (target === undefined) return out;
      if (target.resourceType === 'Patient') return { ...out, reference: `Patient/${patientId}` };
      if (stored.has(target.id)) return { ...out, reference: `${target.resourceType}/${target.id}` };
      if (!contained.has(target.id)) {
        contained.set(target.id, {}); // placed first: a cycle of references ends here
        const copy: Obj = { ...(target as unknown as Obj) };
        delete copy.meta;
        contained.set(target.id, rewrite(copy) as Obj);
      }
      return { ...out, reference: `#${target.id}` };
    };
    const body = rewrite(resource) as Obj;
    const { resourceType, id, ...rest } = body;
    const withContained = {
      resourceType,
      id,
      ...(contained.size === 0 ? {} : { contained: [...contained.values()] }),
      ...rest,
    } as Resource & { id: string };
    rows.push({
      type,
      id: resource.id,
      resource: withContained,
      status: statusOf(type, body),
      code: conceptKeys(concepts(at(body, CODE_PATHS[type]))),
      category: conceptKeys(concepts(body.category)),
      date: dateOf(type, body, fallbackDate),
    });
  }
  return rows;
}
