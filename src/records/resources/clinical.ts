import type { ResourceType } from '@medplum/fhirtypes';
import type { ParamDef } from '../search/model.ts';
import { authoredBy, commonParams, patientParams, type TypeSpec } from './spec.ts';
import { ALL_READ, content, dateSort, identifier, lastUpdatedSort, status, STORED_SELECT } from './stored.ts';

/** Clinical resources stored as written: results, e-prescriptions, dispensings and the consent. */

const clinical = (
  type: ResourceType,
  table: string,
  extra: ParamDef[],
  dateCode: string,
  documentation: string,
  writers: TypeSpec['writers'],
  readers: TypeSpec['readers'],
  hide: TypeSpec['hide'] = null,
): TypeSpec => ({
  type,
  kind: 'stored',
  idType: 'uuid',
  table,
  history: `${table}_history`,
  from: `${table} r`,
  select: STORED_SELECT,
  patientColumn: 'r.patient_id',
  facilityWrote: authoredBy,
  hide,
  readers,
  writers,
  interactions: [...ALL_READ, 'create', ...(type === 'MedicationDispense' ? [] : ['update' as const])],
  documentation,
  params: [
    ...commonParams('uuid'),
    ...patientParams(),
    identifier,
    status,
    ...extra,
    { code: dateCode, kind: 'date', column: 'r.date', documentation: 'The clinically relevant date' },
  ],
  sorts: { [dateCode]: dateSort, _lastUpdated: lastUpdatedSort },
  defaultSort: { key: dateCode, desc: true },
  includes: [],
  render: content,
});

export const OBSERVATION = clinical(
  'Observation',
  'fhir_observation',
  [
    { code: 'code', kind: 'token', column: 'r.code', documentation: 'What was observed (LOINC)' },
    { code: 'category', kind: 'token', column: 'r.category', documentation: 'Observation category' },
    {
      code: 'derived-from',
      kind: 'reference',
      column: "ARRAY(SELECT 'DocumentReference/' || x::text FROM unnest(r.derived_documents) x)",
      targets: ['DocumentReference'],
      documentation: 'The document a result was read from (derived from a CDA2: meta.source names it too)',
    },
  ],
  'date',
  'Results (e.g. laboratory values). Facilities and GPs write them; the results of CDA2 documents are derived ' +
    'from them at filing (derivedFrom and meta.source name the document, read-only). ' +
    'A result derivedFrom a hidden document is hidden with it.',
  ['facility', 'gp'],
  ['citizen', 'gp', 'facility'],
  'derived',
);

export const MEDICATION_REQUEST = clinical(
  'MedicationRequest',
  'fhir_medication_request',
  [
    { code: 'intent', kind: 'code', column: 'r.intent', documentation: 'order, plan…' },
    { code: 'code', kind: 'token', column: 'r.code', documentation: 'The medication (AIC)' },
  ],
  'authoredon',
  'E-prescriptions. GPs write them (Salus assigns the NRE); ' +
    'pharmacists find one by patient.identifier (codice fiscale) and identifier (NRE) together.',
  ['gp'],
  ['citizen', 'gp', 'pharmacist'],
);

export const MEDICATION_DISPENSE = clinical(
  'MedicationDispense',
  'fhir_medication_dispense',
  [
    { code: 'code', kind: 'token', column: 'r.code', documentation: 'The medication (AIC)' },
    {
      code: 'prescription',
      kind: 'reference',
      column: "ARRAY['MedicationRequest/' || r.prescription_id::text]",
      targets: ['MedicationRequest'],
      documentation: 'The prescription dispensed',
    },
  ],
  'whenhandedover',
  'Dispensing of an e-prescription, recorded by the pharmacist.',
  ['pharmacist'],
  ['citizen', 'gp', 'pharmacist'],
);

export const CONSENT: TypeSpec = {
  ...clinical(
    'Consent',
    'fhir_consent',
    [{ code: 'category', kind: 'token', column: 'r.category', documentation: 'Consent category (consultation)' }],
    'date',
    'The citizen’s consent to consultation of the FSE by clinicians: ' +
      'one per citizen, granted (active) or withdrawn (inactive).',
    ['citizen'],
    ['citizen'],
  ),
  facilityWrote: undefined,
};
