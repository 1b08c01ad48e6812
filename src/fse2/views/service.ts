import type { Bundle, DocumentReference, Immunization, Observation, Resource } from '@medplum/fhirtypes';
import { forbidden } from '../../shared/errors.ts';
import { subjectCitizenId, type OperatorPrincipal, type Principal } from '../../shared/principal.ts';
import { labTrends } from './lab-trends.ts';
import type { LabTrends, VaccinationHistory } from './schemas.ts';
import { sourceDocument, sourceDocumentId, type SourceDocument } from './sources.ts';
import { SOURCE_DOCUMENT_EXTENSION } from '../transform/index.ts';
import { vaccinationHistory } from './vaccination-history.ts';

/** Whose record: the citizen's own (or whom a live delegate acts for), or a GP's patient by codice fiscale. */
export type Whose = { readonly kind: 'me' } | { readonly kind: 'patient'; readonly fiscalCode: string };

/**
 * The record's FHIR search (records' `fhir.search`): consent, oscuramento, delegation and the GP's list are in its
 * SQL, and it writes the access log (one entry per citizen whose data it returns, or whom a clinician named).
 */
export type RecordSearch = (
  principal: Principal,
  type: string,
  params: [string, string][],
  requestId: string,
) => Promise<Bundle>;

/** A resource derived from a CDA2 document, as records lists them for the clinical views (ADR 0018). */
export interface DerivedItem<R> {
  readonly id: string;
  readonly resource: R;
  readonly sourceDocumentId: string;
  readonly authorOrganisation: string | null;
}

/** records' derived reads: one patient's, under the caller's access (consent, oscuramento, GP list), logged. */
export type DerivedRead<R> = (principal: Principal, patientId: number, requestId: string) => Promise<DerivedItem<R>[]>;

export interface ClinicalViewsDeps {
  /** Salus's own doses (Immunization) and the documents the reader may see (DocumentReference). */
  readonly search: RecordSearch;
  /** Laboratory and other results read from documents. */
  readonly results: DerivedRead<Observation>;
  /** Vaccinations read from VACC documents (Salus's own and others'). */
  readonly immunizations: DerivedRead<Immunization>;
  /** The patient's id; refuses a GP whose list does not have them (records' gpPatient: 404 fse.patient_not_on_list). */
  readonly gpPatientId: (doctor: OperatorPrincipal, fiscalCode: string, requestId: string) => Promise<number>;
}

// One page is 200 resources (records' search cap); a record's results are hundreds, not tens of thousands.
const PAGE = '200';
const MAX_PAGES = 25;

/**
 * Clinical views from the data (issue 20 item 2): laboratory results over time and the vaccination history, each
 * computed per request from what the reader may see now. Every read goes through the record's search, so a hidden
 * document's results disappear with it and the access log has the read.
 */
export function clinicalViewsService(deps: ClinicalViewsDeps) {
  const patientOf = async (principal: Principal, whose: Whose, requestId: string): Promise<number> => {
    if (whose.kind === 'me') {
      if (principal.kind !== 'citizen') throw forbidden('auth.role', 'Only citizens have "my" record.');
      return subjectCitizenId(principal);
    }
    if (principal.kind !== 'operator' || principal.role !== 'gp')
      throw forbidden('auth.role', "A patient's clinical views are for their GP.");
    return deps.gpPatientId(principal, whose.fiscalCode, requestId);
  };

  const all = async <T extends Resource>(
    principal: Principal,
    type: T['resourceType'],
    params: [string, string][],
    requestId: string,
  ): Promise<T[]> => {
    const out: T[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const paging: [string, string][] = cursor === null ? [] : [['_cursor', cursor]];
      const bundle = await deps.search(principal, type, [...params, ['_count', PAGE], ...paging], requestId);
      for (const e of bundle.entry ?? [])
        if (e.search?.mode !== 'include' && e.resource?.resourceType === type) out.push(e.resource as T);
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      cursor = next === undefined ? null : new URL(next).searchParams.get('_cursor');
      if (cursor === null) break;
    }
    return out;
  };

  /** The current documents the reader may see: a result or a dose is shown only with its document. */
  const documents = async (principal: Principal, patientId: number, requestId: string) => {
    const params: [string, string][] = [
      ['patient', String(patientId)],
      ['status', 'current'],
    ];
    const docs = await all<DocumentReference>(principal, 'DocumentReference', params, requestId);
    return new Map<string, SourceDocument>(docs.map((d) => [d.id ?? '', sourceDocument(d)]));
  };

  /** Derived items whose document the reader sees, each carrying its source-document link and facility. */
  const shown = <R extends Observation | Immunization>(
    items: DerivedItem<R>[],
    docs: Map<string, SourceDocument>,
  ): R[] =>
    items.flatMap((item) => {
      const doc = docs.get(item.sourceDocumentId);
      if (doc === undefined) return [];
      if (doc.facility === null && item.authorOrganisation !== null)
        docs.set(doc.id, { ...doc, facility: item.authorOrganisation });
      const link = { url: SOURCE_DOCUMENT_EXTENSION, valueReference: { reference: `DocumentReference/${doc.id}` } };
      const others = (item.resource.extension ?? []).filter((e) => e.url !== SOURCE_DOCUMENT_EXTENSION);
      return [{ ...item.resource, id: item.id, extension: [...others, link] }];
    });

  return {
    async labResults(principal: Principal, whose: Whose, requestId: string): Promise<LabTrends> {
      const patientId = await patientOf(principal, whose, requestId);
      const results = await deps.results(principal, patientId, requestId);
      const docs = await documents(principal, patientId, requestId);
      return labTrends(shown(results, docs), docs);
    },

    async vaccinationHistory(principal: Principal, whose: Whose, requestId: string): Promise<VaccinationHistory> {
      const patientId = await patientOf(principal, whose, requestId);
      const params: [string, string][] = [['patient', String(patientId)]];
      // Salus's doses: records' projection of scheduling's vaccinations (no source document).
      const salus = await all<Immunization>(principal, 'Immunization', params, requestId);
      const derived = await deps.immunizations(principal, patientId, requestId);
      const docs = await documents(principal, patientId, requestId);
      const own = salus.filter((i) => sourceDocumentId(i) === null);
      return vaccinationHistory([...own, ...shown(derived, docs)], docs);
    },
  };
}

export type ClinicalViewsService = ReturnType<typeof clinicalViewsService>;
