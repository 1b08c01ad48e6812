import type { Binary, DocumentReference, List, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { SYSTEMS } from '../fhir/codes.ts';
import { referenceId } from '../search/compile.ts';
import type { IncludeDef } from '../search/model.ts';
import { authoredBy, commonParams, iso, patientParams, str, type Row, type TypeSpec, type View } from './spec.ts';
import { ALL_READ, content, dateSort, identifier, lastUpdatedSort, status, STORED_SELECT } from './stored.ts';

/** The document registry and repository (IHE MHD): DocumentReference, Binary and List (SubmissionSet). */

const HIDDEN_TAG = { system: SYSTEMS.visibility, code: 'hidden', display: 'Oscurato: visibile solo all’assistito' };

/** The owner sees which documents they hid; the tag is not a version (FHIR meta operations are not). */
function renderDocument(row: Row, view: View): Resource {
  const stored = content(row) as DocumentReference;
  // Stored relative ("Binary/<id>") so that a change of host name needs no rewrite; served
  // absolute, as MHD ITI-68 asks.
  const doc: DocumentReference = {
    ...stored,
    content: stored.content.map((c) =>
      c.attachment.url?.startsWith('Binary/') === true
        ? { ...c, attachment: { ...c.attachment, url: `${view.base}/${c.attachment.url}` } }
        : c,
    ),
  };
  if (view.viewer !== 'owner' || row.hidden !== true) return doc;
  return { ...doc, meta: { ...doc.meta, tag: [...(doc.meta?.tag ?? []), HIDDEN_TAG] } };
}

/** Others never see entries that point at a hidden document (the SELECT lists them per row). */
function renderList(row: Row, view: View): Resource {
  const list = content(row) as List;
  const hidden = Array.isArray(row.hidden_items) ? (row.hidden_items as string[]) : [];
  if (view.viewer === 'owner' || hidden.length === 0) return list;
  return {
    ...list,
    entry: (list.entry ?? []).filter((e) => !hidden.some((id) => e.item.reference === `DocumentReference/${id}`)),
  };
}

function renderBinary(row: Row): Binary {
  const data = row.data;
  return {
    resourceType: 'Binary',
    id: str(row, 'id'),
    meta: { versionId: '1', lastUpdated: iso(row, 'last_updated') },
    contentType: str(row, 'content_type'),
    securityContext: { reference: `DocumentReference/${str(row, 'document_id')}` },
    ...(Buffer.isBuffer(data) ? { data: data.toString('base64') } : {}),
  };
}

const binaryInclude: IncludeDef = {
  code: 'DocumentReference:binary',
  target: 'Binary',
  ids: (resource) =>
    (resource as DocumentReference).content
      .map((c) => referenceId(c.attachment.url ?? '', 'Binary'))
      .filter((id): id is string => id !== null),
};
const patientOf = (code: string): IncludeDef => ({
  code,
  target: 'Patient',
  ids: (resource) => {
    const ref = (resource as { subject?: { reference?: string } }).subject?.reference;
    const id = ref === undefined ? null : referenceId(ref, 'Patient');
    return id === null ? [] : [id];
  },
});

export const DOCUMENT_REFERENCE: TypeSpec = {
  type: 'DocumentReference',
  kind: 'stored',
  idType: 'uuid',
  table: 'fhir_document_reference',
  history: 'fhir_document_reference_history',
  from: 'fhir_document_reference r',
  select: `${STORED_SELECT}, r.hidden`,
  patientColumn: 'r.patient_id',
  facilityWrote: authoredBy,
  hide: 'document',
  readers: ['citizen', 'gp', 'facility'],
  writers: ['facility'],
  interactions: ALL_READ,
  documentation: 'FSE documents (IHE MHD ITI-67). Published with ITI-65 (transaction Bundle at the base URL).',
  params: [
    ...commonParams('uuid'),
    ...patientParams(),
    identifier,
    status,
    {
      code: 'category',
      kind: 'token',
      column: 'r.category',
      documentation: 'The FSE document class',
      // doc_class is the FSE class coding of category: a value in that system pins it, and its index.
      implies: (value) =>
        value.startsWith(`${SYSTEMS.documentClass}|`) && value.length > SYSTEMS.documentClass.length + 1
          ? sql`r.doc_class = ${value.slice(SYSTEMS.documentClass.length + 1)}`
          : null,
    },
    { code: 'type', kind: 'token', column: 'r.type', documentation: 'The document type (LOINC)' },
    { code: 'date', kind: 'date', column: 'r.date', documentation: 'When the DocumentReference was created' },
    {
      code: 'period',
      kind: 'period',
      column: 'r.period_start',
      columnEnd: 'r.period_end',
      documentation: 'The service period (context.period)',
    },
    {
      code: 'author.given',
      kind: 'string',
      column: 'r.author_given',
      documentation: 'Given name of an author (contained Practitioner)',
    },
    {
      code: 'author.family',
      kind: 'string',
      column: 'r.author_family',
      documentation: 'Family name of an author (contained Practitioner)',
    },
    { code: 'facility', kind: 'token', column: 'r.facility', documentation: 'context.facilityType' },
    { code: 'setting', kind: 'token', column: 'r.setting', documentation: 'context.practiceSetting' },
    { code: 'event', kind: 'token', column: 'r.event', documentation: 'context.event' },
    { code: 'security-label', kind: 'token', column: 'r.security_label', documentation: 'securityLabel' },
    { code: 'format', kind: 'token', column: 'r.format', documentation: 'content.format' },
    {
      code: 'related',
      kind: 'reference',
      column: 'r.related',
      targets: ['Encounter', 'EpisodeOfCare', 'ServiceRequest', 'Procedure', 'DocumentReference'],
      documentation: 'context.related',
    },
    {
      code: 'relatesto',
      kind: 'reference',
      column: 'r.relatesto',
      targets: ['DocumentReference'],
      documentation: 'Documents this one relates to (e.g. replaces)',
    },
    {
      code: 'binary',
      kind: 'reference',
      column: "ARRAY['Binary/' || r.binary_id::text]",
      targets: ['Binary'],
      documentation:
        'The Binary holding the content (content.attachment.url); ' +
        'R4 has no reference parameter for a url, so _include=DocumentReference:binary needs this one',
      definition: `${SYSTEMS.salus}/SearchParameter/DocumentReference-binary`,
    },
    {
      code: 'creation',
      kind: 'date',
      column: 'r.creation',
      documentation: 'content.attachment.creation',
      definition: 'https://profiles.ihe.net/ITI/MHD/SearchParameter/DocumentReference-Creation',
    },
  ],
  sorts: { date: dateSort, _lastUpdated: lastUpdatedSort },
  defaultSort: { key: 'date', desc: true },
  includes: [binaryInclude, patientOf('DocumentReference:patient'), patientOf('DocumentReference:subject')],
  render: renderDocument,
};

export const BINARY: TypeSpec = {
  type: 'Binary',
  kind: 'stored',
  idType: 'uuid',
  table: 'fhir_binary',
  from: 'fhir_binary r',
  select: 'r.id::text AS id, r.last_updated, r.content_type, r.data, r.document_id::text AS document_id, r.patient_id',
  patientColumn: 'r.patient_id',
  facilityWrote: authoredBy,
  hide: 'binary',
  readers: ['citizen', 'gp', 'facility'],
  writers: ['facility'],
  interactions: ['read', 'vread'],
  documentation:
    'Document content (IHE MHD ITI-68). ' +
    'Ask with Accept: application/fhir+json for the resource, or any other type for the bytes.',
  params: [],
  sorts: { _lastUpdated: lastUpdatedSort },
  defaultSort: { key: '_lastUpdated', desc: true },
  includes: [],
  render: renderBinary,
};

export const LIST: TypeSpec = {
  type: 'List',
  kind: 'stored',
  idType: 'uuid',
  table: 'fhir_list',
  history: 'fhir_list_history',
  from: 'fhir_list r',
  select:
    `${STORED_SELECT}, ARRAY(SELECT li.document_id::text ` +
    `FROM fse_list_items li JOIN fhir_document_reference d ON d.id = li.document_id
      WHERE li.list_id = r.id AND d.hidden) AS hidden_items`,
  patientColumn: 'r.patient_id',
  facilityWrote: authoredBy,
  hide: 'list',
  readers: ['citizen', 'gp', 'facility'],
  writers: ['facility'],
  interactions: ALL_READ,
  documentation: 'SubmissionSets (IHE MHD ITI-66).',
  params: [
    ...commonParams('uuid'),
    ...patientParams(),
    identifier,
    status,
    { code: 'code', kind: 'token', column: 'r.code', documentation: 'submissionset' },
    { code: 'date', kind: 'date', column: 'r.date', documentation: 'When the SubmissionSet was created' },
    {
      code: 'sourceId',
      kind: 'token',
      column: 'r.source_id',
      documentation: 'The publishing source (ihe-sourceId)',
      definition: 'https://profiles.ihe.net/ITI/MHD/SearchParameter/List-SourceId',
    },
    {
      code: 'designationType',
      kind: 'token',
      column: 'r.designation_type',
      documentation: 'The SubmissionSet content type',
      definition: 'https://profiles.ihe.net/ITI/MHD/SearchParameter/List-DesignationType',
    },
  ],
  sorts: { date: dateSort, _lastUpdated: lastUpdatedSort },
  defaultSort: { key: 'date', desc: true },
  includes: [
    {
      code: 'List:item',
      target: 'DocumentReference',
      ids: (resource) =>
        ((resource as List).entry ?? [])
          .map((e) => referenceId(e.item.reference ?? '', 'DocumentReference'))
          .filter((id): id is string => id !== null),
    },
  ],
  render: renderList,
};
