import type { ResourceType } from '@medplum/fhirtypes';
import { SYSTEMS } from '../fhir/codes.ts';
import { authoredBy, commonParams, patientParams, type TypeSpec } from './spec.ts';
import { content, dateSort, lastUpdatedSort } from './stored.ts';

/**
 * Clinical resources derived from CDA2 documents (issue 20 item 1; ADR 0018), in fhir_derived. Read-only: a
 * correction is a replaced document. Hidden with their source document (hide = 'derived'), for everyone but the
 * citizen and their delegates, by the one access rule (access/scope.ts).
 */
/** R4 has no `date` parameter for these: Salus's is the clinically relevant date (onset, effective). */
const SALUS_DATE: readonly ResourceType[] = ['Condition', 'MedicationStatement'];
/** R4 names the status of these `clinical-status`. */
const CLINICAL_STATUS: readonly ResourceType[] = ['Condition', 'AllergyIntolerance'];

const derived = (type: ResourceType, codeDoc: string, dateDoc: string, documentation: string): TypeSpec => ({
  type,
  kind: 'stored',
  idType: 'uuid',
  table: 'fhir_derived',
  from: `(SELECT * FROM fhir_derived WHERE resource_type = '${type}') r`,
  // One version each: a correction is a new document, whose resources are new rows.
  select: 'r.id::text AS id, 1 AS version_id, r.last_updated, r.content, r.patient_id',
  patientColumn: 'r.patient_id',
  facilityWrote: authoredBy,
  hide: 'derived',
  readers: ['citizen', 'gp', 'facility'],
  writers: [],
  interactions: ['read', 'vread', 'search-type'],
  documentation:
    `${documentation} Derived from CDA2 documents; meta.source and the source-document extension name ` +
    'the DocumentReference, and a hidden document hides them.',
  params: [
    ...commonParams('uuid'),
    ...patientParams(),
    { code: 'code', kind: 'token', column: 'r.code', documentation: codeDoc },
    { code: 'category', kind: 'token', column: 'r.category', documentation: 'Category' },
    {
      code: 'date',
      kind: 'date',
      column: 'r.date',
      documentation: dateDoc,
      ...(SALUS_DATE.includes(type) ? { definition: `${SYSTEMS.salus}/SearchParameter/${type}-date` } : {}),
    },
    CLINICAL_STATUS.includes(type)
      ? { code: 'clinical-status', kind: 'code', column: 'r.status', documentation: 'clinicalStatus (its code)' }
      : { code: 'status', kind: 'code', column: 'r.status', documentation: 'Status' },
    {
      code: 'source-document',
      kind: 'reference',
      column: "ARRAY['DocumentReference/' || r.source_document_id::text]",
      targets: ['DocumentReference'],
      documentation: 'The CDA2 document it was derived from',
      definition: `${SYSTEMS.salus}/SearchParameter/derived-source-document`,
    },
  ],
  sorts: { date: dateSort, _lastUpdated: lastUpdatedSort },
  defaultSort: { key: 'date', desc: true },
  includes: [],
  render: content,
});

export const DIAGNOSTIC_REPORT = derived(
  'DiagnosticReport',
  'The report (LOINC)',
  'effective or issued',
  'Reports (laboratory, radiology) of CDA2 documents.',
);
export const CONDITION = derived(
  'Condition',
  'The condition (ICD-9-CM, SNOMED)',
  'onset or recorded date',
  'Problems and diagnoses of CDA2 documents (LDO, PSS, VPS, RSA).',
);
export const ALLERGY_INTOLERANCE = derived(
  'AllergyIntolerance',
  'The substance or allergy',
  'onset or recorded date',
  'Allergies and intolerances of CDA2 documents (PSS, LDO).',
);
export const MEDICATION_STATEMENT = derived(
  'MedicationStatement',
  'The medication (AIC, ATC)',
  'effective date',
  'Medications of CDA2 documents (PSS, LDO, VPS).',
);
/** Immunizations of VACC documents: served within Immunization (projected.ts), listed for the views here. */
export const DERIVED_IMMUNIZATION = derived(
  'Immunization',
  'The vaccine',
  'occurrence',
  'Vaccinations of CDA2 documents (single vaccination, certificate).',
);
