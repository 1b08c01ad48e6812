/**
 * Basic structural checks of a FHIR R4 document Bundle, independent of the converter's code: required elements per
 * resource, ids and fullUrls, references resolving inside the Bundle, dateTime syntax, no empty values, and
 * well-formed XHTML narrative. Returns every problem as text (an empty list means the Bundle passed).
 */
import type { Bundle, Extension, Resource } from '@medplum/fhirtypes';
import { parseXmlDocument } from 'slimdom';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// FHIR R4 dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime), instant is a subset.
const YEAR = String.raw`([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)`;
const MONTH = String.raw`(0[1-9]|1[0-2])`;
const DAY = String.raw`(0[1-9]|[1-2][0-9]|3[0-1])`;
const TIME = String.raw`([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?`;
const ZONE = String.raw`(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))`;
const DATE_TIME = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`);
const DATE_KEYS = new Set([
  'date',
  'birthDate',
  'timestamp',
  'time',
  'start',
  'end',
  'effectiveDateTime',
  'occurrenceDateTime',
  'onsetDateTime',
  'abatementDateTime',
  'valueDateTime',
]);

const REQUIRED: Record<string, string[][]> = {
  Composition: [['status'], ['type'], ['subject'], ['date'], ['author'], ['title']],
  Observation: [['status'], ['code']],
  DiagnosticReport: [['status'], ['code']],
  Immunization: [['status'], ['vaccineCode'], ['patient'], ['occurrenceDateTime', 'occurrenceString']],
  Condition: [['subject']],
  AllergyIntolerance: [['patient']],
  MedicationStatement: [['status'], ['medicationCodeableConcept', 'medicationReference'], ['subject']],
};

export const CLINICAL_TYPES = [
  'Observation',
  'DiagnosticReport',
  'Immunization',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
];

function walk(value: unknown, path: string, visit: (key: string, value: unknown, path: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, `${path}[${i}]`, visit);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, `${path}.${k}`);
      walk(v, `${path}.${k}`, visit);
    }
  }
}

export function structuralProblems(bundle: Bundle, sourceDocument: string, sourceExtension: string): string[] {
  const problems: string[] = [];
  if (bundle.type !== 'document') problems.push('not a document Bundle');
  if (bundle.identifier?.system === undefined || bundle.identifier.value === undefined)
    problems.push('bdl-9: identifier without system and value');
  if (bundle.timestamp === undefined || !DATE_TIME.test(bundle.timestamp)) problems.push('bdl-10: timestamp');
  const entries = bundle.entry ?? [];
  if (entries[0]?.resource?.resourceType !== 'Composition') problems.push('bdl-11: first entry is not a Composition');
  const fullUrls = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const resource = entry.resource as (Resource & Record<string, unknown>) | undefined;
    const at = `entry[${i}] ${resource?.resourceType ?? '?'}`;
    if (entry.fullUrl === undefined || !URN_UUID.test(entry.fullUrl)) problems.push(`${at}: fullUrl ${entry.fullUrl}`);
    else if (fullUrls.has(entry.fullUrl)) problems.push(`${at}: bdl-7 duplicate fullUrl ${entry.fullUrl}`);
    else fullUrls.add(entry.fullUrl);
    if (resource === undefined) {
      problems.push(`${at}: no resource`);
      continue;
    }
    if (resource.id === undefined || !FHIR_ID.test(resource.id)) problems.push(`${at}: id ${resource.id}`);
    if (entry.fullUrl !== `urn:uuid:${resource.id}`) problems.push(`${at}: fullUrl does not end with the id`);
    for (const alternatives of REQUIRED[resource.resourceType] ?? []) {
      if (!alternatives.some((k) => resource[k] !== undefined))
        problems.push(`${at}: missing ${alternatives.join('|')}`);
    }
    if (CLINICAL_TYPES.includes(resource.resourceType)) {
      const extensions = (resource.extension ?? []) as Extension[];
      const links = extensions.filter(
        (e) => e.url === sourceExtension && e.valueReference?.reference === sourceDocument,
      );
      if (links.length !== 1) problems.push(`${at}: no link to ${sourceDocument}`);
    }
  }
  walk(bundle, 'Bundle', (key, value, path) => {
    if (value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`${path}: empty value`);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
      problems.push(`${path}: empty object`);
    if (key === 'reference' && typeof value === 'string' && value !== sourceDocument && !fullUrls.has(value))
      problems.push(`${path}: reference ${value} does not resolve inside the Bundle`);
    if (DATE_KEYS.has(key) && typeof value === 'string' && !DATE_TIME.test(value))
      problems.push(`${path}: ${value} is not a FHIR dateTime`);
    // ContactPoint.system is a code (phone, email...); every other system is a URI.
    const uri = key === 'system' && !/\.telecom\[\d+\]\.system$/.test(path);
    if (uri && typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value))
      problems.push(`${path}: system ${value} is not an absolute URI`);
    if (key === 'code' && typeof value === 'string' && !/^[^\s]+( [^\s]+)*$/.test(value))
      problems.push(`${path}: code "${value}" has stray whitespace`);
    if (key === 'div' && typeof value === 'string') {
      try {
        const div = parseXmlDocument(value).documentElement;
        if (div?.localName !== 'div' || div.namespaceURI !== 'http://www.w3.org/1999/xhtml')
          problems.push(`${path}: narrative root is not an XHTML div`);
      } catch (error) {
        problems.push(`${path}: narrative is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  });
  return problems;
}
