/**
 * Compares two FHIR Bundles of the same CDA2 by meaning, not by shape: which clinical resources there are, their
 * codes, values with units, dates, the subject, the author, the custodian, and whether each clinical resource's
 * subject is the document's patient. Profiles, ids, reference styles and resource layout (PractitionerRole vs
 * Practitioner, Medication vs an inline code) are deliberately not compared.
 */
import type { Bundle, CodeableConcept, Reference } from '@medplum/fhirtypes';

// Resources read as plain JSON: the national Bundle is compared as published, not as a typed object.
type AnyResource = { readonly resourceType: string; readonly id?: string } & Record<string, unknown>;
const CLINICAL = [
  'Observation',
  'DiagnosticReport',
  'Immunization',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
];

class Index {
  private readonly byUrl = new Map<string, AnyResource>();
  readonly bundle: Bundle;
  constructor(bundle: Bundle) {
    this.bundle = bundle;
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource as unknown as AnyResource | undefined;
      if (resource === undefined) continue;
      if (entry.fullUrl !== undefined) this.byUrl.set(entry.fullUrl, resource);
      if (resource.id !== undefined) this.byUrl.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }
  resolve(ref: Reference | undefined): AnyResource | undefined {
    const url = ref?.reference;
    if (url === undefined) return undefined;
    return this.byUrl.get(url) ?? this.byUrl.get(url.split('/').slice(-2).join('/'));
  }
  all(type: string): AnyResource[] {
    return (this.bundle.entry ?? [])
      .map((e) => e.resource as unknown as AnyResource)
      .filter((r) => r.resourceType === type);
  }
}

function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > 10 ? new Date(value).toISOString() : value;
}

const ids = (resource: AnyResource | undefined): string =>
  ((resource?.identifier as { value?: string }[] | undefined) ?? [])
    .map((i) => i.value)
    .sort()
    .join(',');

/** The person behind an author or attester: a PractitionerRole stands for its Practitioner. */
function person(index: Index, ref: Reference | undefined): AnyResource | undefined {
  const resource = index.resolve(ref);
  if (resource?.resourceType === 'PractitionerRole') return index.resolve(resource.practitioner as Reference);
  return resource;
}

function mainCode(index: Index, r: AnyResource): CodeableConcept | undefined {
  if (r.resourceType === 'Immunization') return r.vaccineCode as CodeableConcept;
  if (r.resourceType === 'MedicationStatement') {
    const med = index.resolve(r.medicationReference as Reference);
    return (med?.code as CodeableConcept | undefined) ?? (r.medicationCodeableConcept as CodeableConcept);
  }
  return r.code as CodeableConcept | undefined;
}

function valueOf(r: AnyResource): string | undefined {
  const q = r.valueQuantity as { value?: number; unit?: string; code?: string } | undefined;
  if (q !== undefined) return `${q.value} ${q.code ?? q.unit ?? ''}`.trim();
  const cc = r.valueCodeableConcept as CodeableConcept | undefined;
  if (cc !== undefined) return cc.coding?.[0]?.code ?? cc.text;
  for (const k of ['valueString', 'valueInteger', 'valueBoolean']) {
    const v = r[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  if (r.valueDateTime !== undefined) return instant(r.valueDateTime);
  return undefined;
}

function whenOf(r: AnyResource): string | undefined {
  for (const k of ['effectiveDateTime', 'occurrenceDateTime', 'onsetDateTime'])
    if (r[k] !== undefined) return instant(r[k]);
  const period = (r.effectivePeriod ?? r.onsetPeriod) as { start?: string } | undefined;
  return instant(period?.start);
}

/** The facts of a Bundle as comparable lines; `systems` renames code systems to the converter's choice. */
export function meaningOf(bundle: Bundle, systems: Readonly<Record<string, string>> = {}): string[] {
  const index = new Index(bundle);
  const code = (cc: CodeableConcept | undefined): string => {
    const c = cc?.coding?.find((x) => x.code !== undefined);
    return c === undefined
      ? `text:${(cc?.text ?? '-').replace(/\s+/g, ' ').slice(0, 60)}`
      : `${systems[c.system ?? ''] ?? c.system ?? '-'}|${c.code}`;
  };
  const composition = index.all('Composition')[0];
  const facts: string[] = [];
  if (composition === undefined) return ['no Composition'];
  const patient = index.resolve(composition.subject as Reference);
  facts.push(`document type ${code(composition.type as CodeableConcept)}`);
  facts.push(`document date ${instant(composition.date)}`);
  facts.push(`subject ${ids(patient)}`);
  for (const author of (composition.author as Reference[] | undefined) ?? [])
    facts.push(`author ${ids(person(index, author))}`);
  facts.push(`custodian ${ids(index.resolve(composition.custodian as Reference))}`);
  for (const type of CLINICAL) {
    const resources = index.all(type);
    facts.push(`count ${type} = ${resources.length}`);
    for (const r of resources) {
      const what = `${type} ${code(mainCode(index, r))}`;
      facts.push(what);
      const value = valueOf(r);
      if (value !== undefined) facts.push(`${what} value ${value}`);
      const when = whenOf(r);
      if (when !== undefined) facts.push(`${what} date ${when}`);
      const subject = index.resolve((r.subject ?? r.patient) as Reference);
      if (subject !== patient) facts.push(`${what} subject is not the document's patient`);
    }
  }
  return facts;
}

/** Every fact one Bundle has and the other lacks, as "national only: ..." and "converter only: ...". */
export function differencesByMeaning(
  converted: Bundle,
  national: Bundle,
  nationalSystems: Readonly<Record<string, string>>,
): string[] {
  const ours = meaningOf(converted);
  const theirs = meaningOf(national, nationalSystems);
  const remaining = [...theirs];
  const onlyOurs: string[] = [];
  for (const fact of ours) {
    const at = remaining.indexOf(fact);
    if (at === -1) onlyOurs.push(fact);
    else remaining.splice(at, 1);
  }
  return [...remaining.map((f) => `national only: ${f}`), ...onlyOurs.map((f) => `converter only: ${f}`)].sort();
}
