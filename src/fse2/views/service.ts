import type { Bundle, DocumentReference, Immunization, Observation, Resource } from '@medplum/fhirtypes';
import { forbidden } from '../../shared/errors.ts';
import { subjectCitizenId, type OperatorPrincipal, type Principal } from '../../shared/principal.ts';
import { labTrends } from './lab-trends.ts';
import type { LabTrends, VaccinationHistory } from './schemas.ts';
import { sourceDocument, type SourceDocument } from './sources.ts';
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

export interface ClinicalViewsDeps {
  readonly search: RecordSearch;
  /** Refuses a GP whose list does not have the patient (records' gpPatient: 404 fse.patient_not_on_list). */
  readonly requireOnGpList: (doctor: OperatorPrincipal, fiscalCode: string, requestId: string) => Promise<void>;
}

const FISCAL_CODE_SYSTEM = 'http://hl7.it/sid/codiceFiscale';
// One page is 200 resources (records' search cap); a record's results are hundreds, not tens of thousands.
const PAGE = '200';
const MAX_PAGES = 25;

/**
 * Clinical views from the data (issue 20 item 2): laboratory results over time and the vaccination history, each
 * computed per request from what the reader may see now. Every read goes through the record's search, so a hidden
 * document's results disappear with it and the access log has the read.
 */
export function clinicalViewsService(deps: ClinicalViewsDeps) {
  const patientParam = async (principal: Principal, whose: Whose, requestId: string): Promise<[string, string]> => {
    if (whose.kind === 'me') {
      if (principal.kind !== 'citizen') throw forbidden('auth.role', 'Only citizens have "my" record.');
      return ['patient', String(subjectCitizenId(principal))];
    }
    if (principal.kind !== 'operator' || principal.role !== 'gp')
      throw forbidden('auth.role', "A patient's clinical views are for their GP.");
    await deps.requireOnGpList(principal, whose.fiscalCode, requestId);
    return ['patient.identifier', `${FISCAL_CODE_SYSTEM}|${whose.fiscalCode}`];
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
  const documents = async (principal: Principal, patient: [string, string], requestId: string) => {
    const docs = await all<DocumentReference>(
      principal,
      'DocumentReference',
      [patient, ['status', 'current']],
      requestId,
    );
    return new Map<string, SourceDocument>(docs.map((d) => [d.id ?? '', sourceDocument(d)]));
  };

  return {
    async labResults(principal: Principal, whose: Whose, requestId: string): Promise<LabTrends> {
      const patient = await patientParam(principal, whose, requestId);
      const observations = await all<Observation>(principal, 'Observation', [patient], requestId);
      return labTrends(observations, await documents(principal, patient, requestId));
    },

    async vaccinationHistory(principal: Principal, whose: Whose, requestId: string): Promise<VaccinationHistory> {
      const patient = await patientParam(principal, whose, requestId);
      const immunizations = await all<Immunization>(principal, 'Immunization', [patient], requestId);
      return vaccinationHistory(immunizations, await documents(principal, patient, requestId));
    },
  };
}

export type ClinicalViewsService = ReturnType<typeof clinicalViewsService>;
