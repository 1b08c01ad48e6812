import type {
  CodeableConcept,
  Consent,
  DocumentReference,
  List,
  MedicationDispense,
  MedicationRequest,
  Observation,
  Reference,
} from '@medplum/fhirtypes';
import { SYSTEMS } from '../fhir/codes.ts';
import { codingKeys, conceptKeys, identifierKeys } from '../search/tokens.ts';
import type { Columns } from './writes.ts';

/**
 * Search columns extracted from each resource, written with it. What a search can
 * find is exactly what these functions put in the row: the CapabilityStatement's
 * parameters (resources/documents.ts, resources/clinical.ts) name the columns filled here.
 */

export interface Ownership {
  readonly patientId: number;
  readonly authorFacilityId: number | null;
  readonly authorOperatorId: number | null;
}

const owner = (o: Ownership) => ({
  patient_id: o.patientId,
  author_facility_id: o.authorFacilityId,
  author_operator_id: o.authorOperatorId,
});
const when = (value: string | undefined, fallback: Date): Date => (value === undefined ? fallback : new Date(value));
const refs = (references: readonly (Reference | undefined)[]): string[] =>
  references
    .map((r) => r?.reference)
    .filter((r): r is string => r !== undefined && /^[A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/.test(r));

/** Names of the authors, from contained Practitioners the author list points at ("#id"). */
function authorNames(doc: DocumentReference): { given: string[]; family: string[] } {
  const given: string[] = [];
  const family: string[] = [];
  for (const author of doc.author ?? []) {
    const ref = author.reference;
    const contained = ref?.startsWith('#') === true ? doc.contained?.find((c) => c.id === ref.slice(1)) : undefined;
    if (contained?.resourceType !== 'Practitioner') continue;
    for (const name of contained.name ?? []) {
      given.push(...(name.given ?? []));
      if (name.family !== undefined) family.push(name.family);
    }
  }
  return { given, family };
}

export interface DocumentFacts {
  readonly masterIdentifier: string;
  readonly contentSha1: string;
  readonly binaryId: string | null;
  readonly submissionId: string | null;
  readonly docClass: string;
  readonly hidden: boolean;
}

export function documentColumns(doc: DocumentReference, o: Ownership, facts: DocumentFacts, at: Date): Columns {
  const names = authorNames(doc);
  const context = doc.context;
  return {
    ...owner(o),
    identifiers: identifierKeys([doc.masterIdentifier, ...(doc.identifier ?? [])]),
    hidden: facts.hidden,
    master_identifier: facts.masterIdentifier,
    content_sha1: facts.contentSha1,
    binary_id: facts.binaryId,
    submission_id: facts.submissionId,
    doc_class: facts.docClass,
    status: doc.status,
    category: conceptKeys(doc.category ?? []),
    type: conceptKeys([doc.type]),
    date: when(doc.date, at),
    period_start: context?.period?.start === undefined ? null : new Date(context.period.start),
    period_end: context?.period?.end === undefined ? null : new Date(context.period.end),
    author_given: names.given,
    author_family: names.family,
    facility: conceptKeys([context?.facilityType]),
    setting: conceptKeys([context?.practiceSetting]),
    event: conceptKeys(context?.event ?? []),
    security_label: conceptKeys(doc.securityLabel ?? []),
    format: codingKeys(doc.content.map((c) => c.format)),
    related: refs(context?.related ?? []),
    relatesto: refs((doc.relatesTo ?? []).map((r) => r.target)),
    creation: doc.content[0]?.attachment.creation === undefined ? null : new Date(doc.content[0].attachment.creation),
  };
}

/** The MHD extensions a SubmissionSet carries its source and content type in. */
function extensionValues(list: List, url: string): { token?: string[]; concept?: CodeableConcept } {
  const ext = list.extension?.find((e) => e.url === url);
  if (ext === undefined) return {};
  if (ext.valueIdentifier !== undefined) return { token: identifierKeys([ext.valueIdentifier]) };
  if (ext.valueCodeableConcept !== undefined) return { concept: ext.valueCodeableConcept };
  return {};
}

export function listColumns(list: List, o: Ownership, at: Date): Columns {
  const designation = extensionValues(list, SYSTEMS.mhdDesignationType).concept;
  return {
    ...owner(o),
    identifiers: identifierKeys(list.identifier ?? []),
    status: list.status,
    code: conceptKeys([list.code]),
    date: when(list.date, at),
    source_id: extensionValues(list, SYSTEMS.mhdSourceId).token ?? [],
    designation_type: conceptKeys([designation]),
  };
}

export function consentColumns(consent: Consent, o: Ownership, at: Date): Columns {
  return {
    ...owner(o),
    identifiers: identifierKeys(consent.identifier ?? []),
    purpose: 'consultation',
    status: consent.status,
    category: conceptKeys(consent.category),
    date: when(consent.dateTime, at),
  };
}

export function observationColumns(obs: Observation, o: Ownership, at: Date): Columns {
  return {
    ...owner(o),
    identifiers: identifierKeys(obs.identifier ?? []),
    status: obs.status,
    code: conceptKeys([obs.code]),
    category: conceptKeys(obs.category ?? []),
    date: when(obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.issued, at),
    derived_documents: (obs.derivedFrom ?? [])
      .map((r) => /^DocumentReference\/([0-9a-f-]{36})$/i.exec(r.reference ?? '')?.[1]?.toLowerCase())
      .filter((id): id is string => id !== undefined),
  };
}

export function medicationRequestColumns(mr: MedicationRequest, o: Ownership, nre: string, at: Date): Columns {
  return {
    ...owner(o),
    identifiers: identifierKeys(mr.identifier ?? []),
    nre,
    status: mr.status,
    intent: mr.intent,
    code: conceptKeys([mr.medicationCodeableConcept]),
    date: when(mr.authoredOn, at),
  };
}

export function medicationDispenseColumns(
  md: MedicationDispense,
  o: Ownership,
  prescriptionId: string,
  at: Date,
): Columns {
  return {
    ...owner(o),
    identifiers: identifierKeys(md.identifier ?? []),
    prescription_id: prescriptionId,
    status: md.status,
    code: conceptKeys([md.medicationCodeableConcept]),
    date: when(md.whenHandedOver, at),
  };
}
