import type {
  Bundle,
  DocumentReference,
  Immunization,
  MedicationDispense,
  MedicationRequest,
  Resource,
} from '@medplum/fhirtypes';
import { FSE_CLASSES, isFseClass, SYSTEMS } from '../fhir/codes.ts';
import { referenceId } from '../search/compile.ts';
import { NATIONAL_DOCUMENT_SYSTEM } from '../service/national-documents.ts';

/**
 * Plain JSON for the web pages, mapped from the FHIR resources the same access
 * rules returned: the pages never see a field the FHIR API would not have shown.
 */
export interface DocumentView {
  readonly id: string;
  readonly patientId: string;
  readonly class: string;
  readonly classLabel: { readonly it: string; readonly en: string };
  readonly type: { readonly code: string; readonly display: string };
  readonly title: string;
  readonly date: string;
  readonly author: string;
  readonly status: string;
  readonly hidden: boolean;
  readonly contentType: string;
  /** A CDA2 document (filed by the national Gateway, or stored as XML): it opens as a readable page (issue 19). */
  readonly readable: boolean;
  readonly size: number | null;
  readonly binaryId: string | null;
  readonly replaces: string | null;
  readonly event: { readonly code: string; readonly display: string }[];
  readonly period: { readonly start: string | null; readonly end: string | null } | null;
}

export interface Paged<T> {
  readonly items: T[];
  readonly total: number | null;
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly next: string | null;
}

export function matches<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'include' && e.resource?.resourceType === type)
    .map((e) => e.resource as T);
}

export function nextCursor(bundle: Bundle): string | null {
  const next = bundle.link?.find((l) => l.relation === 'next')?.url;
  return next === undefined ? null : new URL(next).searchParams.get('_cursor');
}

function authorOf(doc: DocumentReference): string {
  const names = (doc.author ?? []).map((a) => {
    const contained =
      a.reference?.startsWith('#') === true ? doc.contained?.find((c) => c.id === a.reference?.slice(1)) : undefined;
    if (contained?.resourceType === 'Practitioner') {
      const n = contained.name?.[0];
      return [n?.prefix?.join(' '), n?.given?.join(' '), n?.family]
        .filter((p) => p !== undefined && p !== '')
        .join(' ');
    }
    if (contained?.resourceType === 'Organization') return contained.name ?? '';
    return a.display ?? '';
  });
  return names.filter((n) => n !== '').join(', ');
}

export function documentView(doc: DocumentReference): DocumentView {
  const cls = doc.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === SYSTEMS.documentClass)?.code ?? '';
  const type = doc.type?.coding?.find((c) => c.system === SYSTEMS.loinc) ?? doc.type?.coding?.[0];
  const attachment = doc.content[0]?.attachment;
  const replaced = doc.relatesTo?.find((r) => r.code === 'replaces')?.target.reference;
  return {
    id: doc.id ?? '',
    patientId: referenceId(doc.subject?.reference ?? '', 'Patient') ?? '',
    class: cls,
    classLabel: isFseClass(cls) ? { it: FSE_CLASSES[cls].it, en: FSE_CLASSES[cls].en } : { it: cls, en: cls },
    type: { code: type?.code ?? '', display: type?.display ?? doc.type?.text ?? '' },
    title: doc.description ?? attachment?.title ?? type?.display ?? '',
    date: doc.date ?? doc.meta?.lastUpdated ?? '',
    author: authorOf(doc),
    status: doc.status,
    hidden: doc.meta?.tag?.some((t) => t.system === SYSTEMS.visibility && t.code === 'hidden') === true,
    contentType: attachment?.contentType ?? '',
    readable:
      doc.masterIdentifier?.system === NATIONAL_DOCUMENT_SYSTEM || /[/+]xml$/.test(attachment?.contentType ?? ''),
    size: attachment?.size ?? null,
    binaryId: attachment?.url === undefined ? null : referenceId(attachment.url, 'Binary'),
    replaces: replaced === undefined ? null : referenceId(replaced, 'DocumentReference'),
    event: (doc.context?.event ?? [])
      .flatMap((e) => e.coding ?? [])
      .map((c) => ({ code: c.code ?? '', display: c.display ?? '' })),
    period:
      doc.context?.period === undefined
        ? null
        : { start: doc.context.period.start ?? null, end: doc.context.period.end ?? null },
  };
}

export interface ExemptionView {
  readonly documentId: string;
  readonly code: string;
  readonly display: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly issuedBy: string;
  readonly date: string;
}

export function exemptionView(doc: DocumentReference): ExemptionView {
  const v = documentView(doc);
  const code = doc.context?.event?.flatMap((e) => e.coding ?? []).find((c) => c.system === SYSTEMS.exemption);
  return {
    documentId: v.id,
    code: code?.code ?? '',
    display: code?.display ?? v.title,
    validFrom: v.period?.start ?? null,
    validTo: v.period?.end ?? null,
    issuedBy: v.author,
    date: v.date,
  };
}

export interface PrescriptionView {
  readonly id: string;
  readonly nre: string;
  readonly patientId: string;
  readonly medication: { readonly code: string; readonly display: string };
  readonly dosage: string;
  readonly quantity: number | null;
  readonly status: string;
  readonly authoredOn: string;
  readonly prescriber: string;
  readonly dispensed: { readonly at: string; readonly by: string } | null;
}

export function prescriptionView(mr: MedicationRequest, dispense: MedicationDispense | undefined): PrescriptionView {
  const med = mr.medicationCodeableConcept?.coding?.[0];
  return {
    id: mr.id ?? '',
    nre: mr.identifier?.find((i) => i.system === SYSTEMS.nre)?.value ?? '',
    patientId: referenceId(mr.subject.reference ?? '', 'Patient') ?? '',
    medication: { code: med?.code ?? '', display: med?.display ?? mr.medicationCodeableConcept?.text ?? '' },
    dosage:
      mr.dosageInstruction
        ?.map((d) => d.text ?? '')
        .filter((t) => t !== '')
        .join('; ') ?? '',
    quantity: mr.dispenseRequest?.quantity?.value ?? null,
    status: mr.status,
    authoredOn: mr.authoredOn ?? '',
    prescriber: mr.requester?.display ?? '',
    dispensed:
      dispense === undefined
        ? null
        : { at: dispense.whenHandedOver ?? '', by: dispense.performer?.[0]?.actor.display ?? '' },
  };
}

export interface VaccinationView {
  readonly id: string;
  readonly product: string;
  readonly doseNumber: number | null;
  readonly doses: number | null;
  readonly date: string;
  readonly lot: string;
  readonly centre: string;
}

export function vaccinationView(imm: Immunization): VaccinationView {
  const protocol = imm.protocolApplied?.[0];
  return {
    id: imm.id ?? '',
    product: imm.vaccineCode.text ?? imm.vaccineCode.coding?.[0]?.display ?? '',
    doseNumber: protocol?.doseNumberPositiveInt ?? null,
    doses: protocol?.seriesDosesPositiveInt ?? null,
    date: imm.occurrenceDateTime ?? '',
    lot: imm.lotNumber ?? '',
    centre: imm.location?.display ?? '',
  };
}
