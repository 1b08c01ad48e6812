import type { AuditEvent, Immunization, Patient } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { SYSTEMS } from '../fhir/codes.ts';
import { iso, optStr, patientParams, str, type Row, type TypeSpec } from './spec.ts';
import { content } from './stored.ts';

/**
 * Read-only projections of data other modules own: Patient (registry citizens),
 * Immunization (scheduling's administered doses) and AuditEvent (identity's access
 * log). Each is rendered from its row at read time, so it is never stale. They read the
 * views their owners publish (migrations/0027_published_views.sql), never their tables.
 */

function renderPatient(row: Row): Patient {
  const gp = optStr(row, 'gp_family');
  const phone = optStr(row, 'mobile_phone');
  return {
    resourceType: 'Patient',
    id: str(row, 'id'),
    meta: { versionId: '1', lastUpdated: iso(row, 'created_at') },
    identifier: [
      { use: 'official', system: SYSTEMS.fiscalCode, value: str(row, 'fiscal_code') },
      { use: 'secondary', system: SYSTEMS.healthCard, value: str(row, 'health_card_number').trim() },
    ],
    active: true,
    name: [{ use: 'official', family: str(row, 'family_name'), given: [str(row, 'given_name')] }],
    gender: str(row, 'sex') === 'F' ? 'female' : 'male',
    birthDate: str(row, 'birth_date'),
    ...(phone === undefined ? {} : { telecom: [{ system: 'phone', use: 'mobile', value: phone }] }),
    address: [
      {
        use: 'home',
        city: str(row, 'municipality'),
        district: str(row, 'province'),
        country: 'IT',
        extension: [{ url: SYSTEMS.istat, valueString: str(row, 'residence_istat') }],
      },
    ],
    ...(gp === undefined
      ? {}
      : {
          generalPractitioner: [
            {
              identifier: { system: SYSTEMS.fiscalCode, value: str(row, 'gp_fiscal_code') },
              display: `${str(row, 'gp_given')} ${gp}`,
            },
          ],
        }),
  };
}

export const PATIENT: TypeSpec = {
  type: 'Patient',
  kind: 'projection',
  idType: 'bigint',
  from:
    'registry_citizens r LEFT JOIN registry_operators g ON g.id = r.gp_id ' +
    'JOIN registry_municipalities m ON m.istat_code = r.residence_istat',
  select: `r.id, r.id AS patient_id, r.fiscal_code, r.health_card_number, r.given_name, r.family_name, r.sex,
    r.birth_date::text AS birth_date, r.mobile_phone, r.residence_istat, r.created_at, m.name AS municipality,
    m.province_abbr AS province, g.given_name AS gp_given, g.family_name AS gp_family, g.fiscal_code AS gp_fiscal_code`,
  patientColumn: 'r.id',
  facilityWrote: (facilityId) =>
    sql`EXISTS (SELECT 1 FROM fhir_document_reference d WHERE d.patient_id = r.id
      AND d.author_facility_id = ${facilityId})`,
  hide: null,
  readers: ['citizen', 'gp', 'facility'],
  writers: [],
  interactions: ['read', 'vread', 'search-type'],
  documentation: 'Citizens, projected from the regional registry (read-only).',
  params: [
    { code: '_id', kind: 'id', column: 'r.id', documentation: 'Logical id' },
    {
      code: 'identifier',
      kind: 'patient-identifier',
      column: 'r.id',
      documentation: 'Codice fiscale or health card number (system|value)',
    },
    { code: 'family', kind: 'string', column: 'ARRAY[r.family_name]', documentation: 'Family name' },
    { code: 'given', kind: 'string', column: 'ARRAY[r.given_name]', documentation: 'Given name' },
    {
      code: 'name',
      kind: 'string',
      column: 'ARRAY[r.family_name, r.given_name]',
      documentation: 'Family or given name',
    },
    {
      code: 'birthdate',
      kind: 'date',
      column: "(r.birth_date::timestamp AT TIME ZONE 'Europe/Rome')",
      documentation: 'Date of birth',
    },
    {
      code: 'gender',
      kind: 'code',
      column: "CASE r.sex WHEN 'F' THEN 'female' ELSE 'male' END",
      documentation: 'male or female',
    },
  ],
  sorts: {
    _lastUpdated: { column: 'r.created_at', sqlType: 'timestamptz' },
    birthdate: { column: 'r.birth_date', sqlType: 'date' },
  },
  defaultSort: { key: '_lastUpdated', desc: false },
  includes: [],
  render: renderPatient,
};

const VACCINE_SYSTEM = 'https://ec.europa.eu/health/documents/community-register/html/';

function renderImmunization(row: Row): Immunization {
  return {
    resourceType: 'Immunization',
    id: str(row, 'id'),
    meta: { versionId: '1', lastUpdated: iso(row, 'recorded_at') },
    status: 'completed',
    vaccineCode: {
      coding: [
        {
          system: VACCINE_SYSTEM,
          code: str(row, 'medicinal_product'),
          display: str(row, 'product_name'),
        },
      ],
      text: str(row, 'product_name'),
    },
    patient: { reference: `Patient/${str(row, 'citizen_id')}` },
    occurrenceDateTime: iso(row, 'administered_at'),
    recorded: iso(row, 'recorded_at'),
    primarySource: true,
    lotNumber: str(row, 'lot'),
    manufacturer: {
      identifier: { system: 'https://spor.ema.europa.eu/v1/organisations', value: str(row, 'manufacturer') },
    },
    location: { display: str(row, 'centre_name') },
    protocolApplied: [
      {
        doseNumberPositiveInt: Number(row.dose_number),
        seriesDosesPositiveInt: Number(row.doses),
        targetDisease: [{ coding: [{ system: 'http://snomed.info/sct', code: '840539006', display: 'COVID-19' }] }],
      },
    ],
  };
}

/**
 * Immunization is served from two sources, in one search: the doses the vaccination centres recorded (bigint ids,
 * rendered from the row) and the vaccinations read from VACC documents (uuid ids, stored as derived, hidden with
 * their document: fhir_derived, ADR 0018). The ids are text, so each source keeps its own.
 */
const IMMUNIZATION_FROM = `(
  SELECT d.id::text AS id, d.citizen_id AS patient_id, d.centre_facility_id AS author_facility_id,
    d.administered_at AS date, d.recorded_at AS last_updated, '{}'::uuid[] AS derived_documents,
    NULL::jsonb AS content, 'completed' AS status, d.citizen_id, d.lot, d.dose_number, d.administered_at,
    d.recorded_at, d.product_name, d.medicinal_product, d.manufacturer, d.doses, d.centre_name,
    ARRAY['${VACCINE_SYSTEM}|' || d.medicinal_product, d.medicinal_product, '${VACCINE_SYSTEM}|'] AS code
  FROM scheduling_administered_doses d
  UNION ALL
  SELECT x.id::text, x.patient_id, x.author_facility_id, x.date, x.last_updated, x.derived_documents, x.content,
    x.status, x.patient_id, x.content->>'lotNumber', NULL, x.date, x.last_updated, NULL, NULL, NULL, NULL, NULL, x.code
  FROM fhir_derived x WHERE x.resource_type = 'Immunization') r`;

export const IMMUNIZATION: TypeSpec = {
  type: 'Immunization',
  kind: 'projection',
  idType: 'text',
  from: IMMUNIZATION_FROM,
  select:
    'r.id, r.citizen_id, r.patient_id, r.lot, r.dose_number, r.administered_at, r.recorded_at, ' +
    'r.product_name, r.medicinal_product, r.manufacturer, r.doses, r.centre_name, r.content',
  patientColumn: 'r.patient_id',
  facilityWrote: (facilityId) => sql`r.author_facility_id = ${facilityId}`,
  hide: 'derived',
  readers: ['citizen', 'gp', 'facility'],
  writers: [],
  interactions: ['read', 'vread', 'search-type'],
  documentation:
    'Administered vaccine doses, projected from the vaccination centres’ records (read-only), and the ' +
    'vaccinations of VACC CDA2 documents (derived at filing; meta.source names the document, hidden with it).',
  params: [
    { code: '_id', kind: 'id', column: 'r.id', documentation: 'Logical id' },
    ...patientParams('r.patient_id', false),
    { code: 'date', kind: 'date', column: 'r.date', documentation: 'When the dose was given' },
    { code: 'status', kind: 'code', column: 'r.status', documentation: 'completed (or as the document says)' },
    { code: 'lot-number', kind: 'string', column: 'ARRAY[r.lot]', documentation: 'Vaccine lot' },
    { code: 'vaccine-code', kind: 'token', column: 'r.code', documentation: 'The vaccine (EU or AIC code)' },
  ],
  sorts: {
    date: { column: 'r.date', sqlType: 'timestamptz' },
    _lastUpdated: { column: 'r.last_updated', sqlType: 'timestamptz' },
  },
  defaultSort: { key: 'date', desc: true },
  includes: [],
  render: (row) => (row.content === null || row.content === undefined ? renderImmunization(row) : content(row)),
};

const ACTION: Readonly<Record<string, { action: NonNullable<AuditEvent['action']>; subtype: string }>> = {
  read: { action: 'R', subtype: 'read' },
  search: { action: 'E', subtype: 'search-type' },
  create: { action: 'C', subtype: 'create' },
  update: { action: 'U', subtype: 'update' },
  delete: { action: 'D', subtype: 'delete' },
};
const OUTCOME: Readonly<Record<string, NonNullable<AuditEvent['outcome']>>> = {
  success: '0',
  denied: '4',
  failed: '8',
};

function renderAuditEvent(row: Row): AuditEvent {
  const action = str(row, 'action');
  const rest = ACTION[action];
  const onBehalf = optStr(row, 'on_behalf_of_citizen_id');
  const subject = optStr(row, 'subject_citizen_id');
  const resourceId = optStr(row, 'resource_id');
  return {
    resourceType: 'AuditEvent',
    id: str(row, 'id'),
    meta: { versionId: '1', lastUpdated: iso(row, 'at') },
    type:
      rest === undefined
        ? { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' }
        : { system: SYSTEMS.auditEventType, code: 'rest', display: 'RESTful Operation' },
    subtype: [
      rest === undefined
        ? {
            system: 'http://dicom.nema.org/resources/ontology/DCM',
            code: action === 'logout' ? '110123' : '110122',
            display: action,
          }
        : { system: SYSTEMS.restfulInteraction, code: rest.subtype },
    ],
    action: rest?.action ?? 'E',
    recorded: iso(row, 'at'),
    outcome: OUTCOME[str(row, 'outcome')] ?? '8',
    purposeOfEvent: [{ text: str(row, 'purpose') }],
    agent: [
      {
        type: { text: str(row, 'actor_kind') },
        role: [{ text: str(row, 'actor_role') }],
        who: { identifier: { value: str(row, 'actor_id') }, display: str(row, 'actor_name') },
        requestor: true,
      },
      ...(onBehalf === undefined
        ? []
        : [
            {
              role: [{ text: 'represented' }],
              who: {
                reference: `Patient/${onBehalf}`,
                display: `${str(row, 'b_given')} ${str(row, 'b_family')}`.trim(),
              },
              requestor: false,
            },
          ]),
    ],
    source: { observer: { display: 'Salus FSE' } },
    entity: [
      {
        what:
          resourceId === undefined
            ? { display: str(row, 'resource_type') }
            : { reference: `${str(row, 'resource_type')}/${resourceId}` },
        name: str(row, 'resource_type'),
      },
      ...(subject === undefined
        ? []
        : [
            {
              what: { reference: `Patient/${subject}` },
              role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
            },
          ]),
    ],
  };
}

export const AUDIT_EVENT: TypeSpec = {
  type: 'AuditEvent',
  kind: 'projection',
  idType: 'bigint',
  from: 'identity_audit_events r LEFT JOIN registry_citizens b ON b.id = r.on_behalf_of_citizen_id',
  select: 'r.*, r.subject_citizen_id AS patient_id, b.given_name AS b_given, b.family_name AS b_family',
  patientColumn: 'r.subject_citizen_id',
  hide: null,
  readers: ['citizen'],
  writers: [],
  interactions: ['read', 'search-type'],
  documentation:
    'The access log (DPCM 178/2015 art. 13): every read of a citizen’s data, ' +
    'readable by the citizen and their delegates. Read-only.',
  params: [
    { code: '_id', kind: 'id', column: 'r.id', documentation: 'Logical id' },
    ...patientParams('r.subject_citizen_id', false),
    { code: 'date', kind: 'date', column: 'r.at', documentation: 'When it happened' },
    {
      code: 'action',
      kind: 'code',
      column:
        "CASE r.action WHEN 'create' THEN 'C' WHEN 'read' THEN 'R' " +
        "WHEN 'update' THEN 'U' WHEN 'delete' THEN 'D' ELSE 'E' END",
      documentation: 'C, R, U, D or E',
    },
    { code: 'entity-type', kind: 'code', column: 'r.resource_type', documentation: 'Type of what was accessed' },
    {
      code: 'outcome',
      kind: 'code',
      column: "CASE r.outcome WHEN 'success' THEN '0' WHEN 'denied' THEN '4' ELSE '8' END",
      documentation: '0 success, 4 denied, 8 failed',
    },
  ],
  sorts: { date: { column: 'r.at', sqlType: 'timestamptz' } },
  defaultSort: { key: 'date', desc: true },
  includes: [],
  render: renderAuditEvent,
};
