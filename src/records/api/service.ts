import type { DocumentReference, Immunization, MedicationDispense, MedicationRequest } from '@medplum/fhirtypes';
import { forbidden, notFound } from '../../shared/errors.ts';
import { subjectCitizenId, type AuditSink, type CitizenPrincipal, type Principal } from '../../shared/principal.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import type { IngestionProcessor } from '../ingestion/process.ts';
import type { SlaReport } from '../ingestion/sla.ts';
import type { Publish } from '../mhd/publish.ts';
import { referenceId } from '../search/compile.ts';
import type { ConsentService, ConsentView } from '../service/consent.ts';
import type { FhirService } from '../service/fhir.ts';
import type { PrescriptionService } from '../service/prescriptions.ts';
import { recordAccesses } from './access-log.ts';
import { cliniciansApi } from './clinicians.ts';
import type { ApiRepository } from './repository.ts';
import {
  documentView,
  exemptionView,
  matches,
  nextCursor,
  prescriptionView,
  vaccinationView,
  type DocumentView,
  type ExemptionView,
  type Paged,
  type PrescriptionView,
  type VaccinationView,
} from './views.ts';

export interface RecordsApiDeps {
  readonly repo: ApiRepository;
  readonly audit: AuditSink;
  readonly fhir: FhirService;
  readonly consent: ConsentService;
  readonly prescriptions: PrescriptionService;
  readonly publish: Publish;
  readonly processor: IngestionProcessor;
  readonly now: () => Date;
  readonly sla: () => Promise<SlaReport>;
}

/** Whose record: the citizen's own (or whom they act for), or a patient named by codice fiscale. */
export type Whose = { readonly kind: 'me' } | { readonly kind: 'fiscalCode'; readonly value: string };

export interface DocumentFilter {
  readonly class?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly includeSuperseded?: boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

type Entries = [string, string][];

/**
 * The JSON API behind the web pages ("Il mio fascicolo", the GP's and the
 * pharmacist's views, the region's SLA panel). Every read goes through the FHIR
 * service, so the same SQL access rules and the same access log apply.
 */
export function recordsApi(deps: RecordsApiDeps) {
  const repo = deps.repo;
  const patientParam = (principal: Principal, whose: Whose): [string, string] => {
    if (whose.kind === 'me') {
      if (principal.kind !== 'citizen') throw forbidden('auth.role', 'Only citizens have "my" record.');
      return ['patient', String(subjectCitizenId(principal))];
    }
    return ['patient.identifier', `${SYSTEMS.fiscalCode}|${whose.value}`];
  };

  const all = async <T>(
    principal: Principal,
    type: string,
    params: Entries,
    requestId: string,
    map: (bundle: Awaited<ReturnType<FhirService['search']>>) => T[],
  ): Promise<T[]> => {
    const out: T[] = [];
    let cursor: string | null = null;
    // Prescriptions and vaccinations of one person are tens, not thousands; 5 pages of 200 is a safe bound.
    for (let page = 0; page < 5; page++) {
      const bundle = await deps.fhir.search(
        principal,
        type,
        [...params, ['_count', '200'], ...(cursor === null ? [] : [['_cursor', cursor] as [string, string]])],
        false,
        requestId,
      );
      out.push(...map(bundle));
      cursor = nextCursor(bundle);
      if (cursor === null) break;
    }
    return out;
  };

  return {
    ...cliniciansApi(deps),

    async documents(
      principal: Principal,
      whose: Whose,
      filter: DocumentFilter,
      requestId: string,
    ): Promise<Paged<DocumentView>> {
      const params: Entries = [patientParam(principal, whose), ['_count', String(filter.limit)], ['_sort', '-date']];
      if (filter.includeSuperseded !== true) params.push(['status', 'current']);
      if (filter.class !== undefined) params.push(['category', `${SYSTEMS.documentClass}|${filter.class}`]);
      if (filter.from !== undefined) params.push(['date', `ge${filter.from}`]);
      if (filter.to !== undefined) params.push(['date', `le${filter.to}`]);
      if (filter.cursor !== undefined) params.push(['_cursor', filter.cursor]);
      const bundle = await deps.fhir.search(principal, 'DocumentReference', params, false, requestId);
      return {
        items: matches<DocumentReference>(bundle, 'DocumentReference').map(documentView),
        total: bundle.total ?? null,
        next: nextCursor(bundle),
      };
    },

    /** The document's bytes for the PDF viewer and download (two reads, two log entries: metadata and content). */
    async content(
      principal: Principal,
      documentId: string,
      requestId: string,
    ): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
      const { resource } = await deps.fhir.read(principal, 'DocumentReference', documentId, requestId);
      const doc = documentView(resource as DocumentReference);
      if (doc.binaryId === null) throw notFound('fhir.not_found', `DocumentReference/${documentId} has no content.`);
      const { row } = await deps.fhir.read(principal, 'Binary', doc.binaryId, requestId);
      const bytes = Buffer.isBuffer(row.data) ? row.data : Buffer.alloc(0);
      const slug =
        doc.title
          .replace(/[^A-Za-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 60) || 'documento';
      return {
        bytes,
        contentType: String(row.content_type),
        filename: `${doc.date.slice(0, 10)}-${slug}${doc.contentType === 'application/pdf' ? '.pdf' : '.xml'}`,
      };
    },

    /**
     * Oscuramento: hides (or shows again) a document and every version in its
     * replacement chain, so that no older or newer version stays visible. Only the
     * citizen, or a delegate acting for them, decides.
     */
    async setHidden(
      principal: CitizenPrincipal,
      documentId: string,
      hidden: boolean,
      requestId: string,
    ): Promise<{ hidden: boolean; documents: number }> {
      const owner = subjectCitizenId(principal);
      const result = await repo.transaction(async (trx) => {
        const chain = await repo.setChainHidden(trx, owner, documentId, hidden);
        if (chain.length === 0) throw notFound('fhir.not_found', `DocumentReference/${documentId} is not known.`);
        await deps.audit.record(
          {
            principal,
            action: 'update',
            resourceType: 'DocumentReference',
            resourceId: documentId,
            subjectCitizenId: owner,
            purpose: hidden ? 'oscuramento' : 'de-oscuramento',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return chain.length;
      });
      return { hidden, documents: result };
    },

    async prescriptions(principal: Principal, whose: Whose, requestId: string): Promise<PrescriptionView[]> {
      const patient = patientParam(principal, whose);
      const requests = await all(principal, 'MedicationRequest', [patient], requestId, (b) =>
        matches<MedicationRequest>(b, 'MedicationRequest'),
      );
      const dispenses = await all(principal, 'MedicationDispense', [patient], requestId, (b) =>
        matches<MedicationDispense>(b, 'MedicationDispense'),
      );
      const byPrescription = new Map(
        dispenses.map((d) => [referenceId(d.authorizingPrescription?.[0]?.reference ?? '', 'MedicationRequest'), d]),
      );
      return requests.map((mr) => prescriptionView(mr, byPrescription.get(mr.id ?? '')));
    },

    async exemptions(principal: Principal, whose: Whose, requestId: string): Promise<ExemptionView[]> {
      const params: Entries = [
        patientParam(principal, whose),
        ['category', `${SYSTEMS.documentClass}|ESE`],
        ['status', 'current'],
      ];
      return all(principal, 'DocumentReference', params, requestId, (b) =>
        matches<DocumentReference>(b, 'DocumentReference').map(exemptionView),
      );
    },

    async vaccinations(principal: Principal, whose: Whose, requestId: string): Promise<VaccinationView[]> {
      return all(principal, 'Immunization', [patientParam(principal, whose)], requestId, (b) =>
        matches<Immunization>(b, 'Immunization').map(vaccinationView),
      );
    },

    consent: (principal: CitizenPrincipal): Promise<ConsentView> => deps.consent.view(principal),
    setConsent: (principal: CitizenPrincipal, active: boolean, requestId: string): Promise<ConsentView> =>
      deps.consent.set(principal, active, requestId),

    /** The record's overview: documents per class (as processed), what is still being processed, and the consent. */
    async summary(principal: CitizenPrincipal) {
      const patientId = subjectCitizenId(principal);
      const classes = await repo.classes(patientId);
      return {
        patientId: String(patientId),
        consent: await deps.consent.view(principal),
        classes: classes.map((r) => ({
          class: r.doc_class,
          documents: r.documents,
          latest: r.latest.toISOString(),
        })),
        processing: await repo.pending(patientId),
      };
    },

    /** "Chi ha consultato il mio fascicolo", newest first (reading the log is not itself logged). */
    accesses: (principal: CitizenPrincipal, others: boolean, limit: number, offset: number) =>
      recordAccesses(repo, subjectCitizenId(principal), { others, limit, offset }),

    ingestion: (): Promise<SlaReport> => deps.sla(),
    retryFlagged: async (): Promise<{ documents: number }> => ({ documents: await deps.processor.retryFlagged() }),
  };
}

export type RecordsApi = ReturnType<typeof recordsApi>;
