import type { Coding, DocumentReference } from '@medplum/fhirtypes';
import type { Kysely, QueryExecutorProvider } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { validationError } from '../../shared/errors.ts';
import type { AuditSink, FacilityPrincipal } from '../../shared/principal.ts';
import { FSE_CLASSES, isFseClass, SYSTEMS, type FseClass } from '../fhir/codes.ts';
import { provideBundleDetached } from '../mhd/build.ts';
import { parseProvideBundle, type Submission } from '../mhd/provide-parse.ts';
import { mhdRepository } from '../mhd/repository.ts';
import type { Publish } from '../mhd/publish.ts';
import { DOCUMENT_REFERENCE } from '../resources/index.ts';
import { documentColumns } from '../store/extract.ts';
import { writeStore } from '../store/writes.ts';
import { derivedRepository } from '../derived/repository.ts';
import type { DerivedService } from '../derived/service.ts';

/** The index metadata of a national (FSE 2.0) document, mapped from its CDA and request (mapping-metadati). */
export interface NationalIndex {
  readonly docClass: string;
  readonly facilityType: Coding;
  readonly practiceSetting: Coding;
  readonly events: readonly Coding[];
  readonly period: { readonly start?: string; readonly end?: string } | null;
  /** v3 Confidentiality codes: "V" (or the access rule P99) keeps the document hidden until the citizen decides. */
  readonly securityLabels: readonly Coding[];
}

/** A validated national document to keep in the one record. */
export interface NationalDocument extends NationalIndex {
  readonly fiscalCode: string;
  /** identificativoDoc: the document's national unique id, the record's masterIdentifier. */
  readonly uniqueId: string;
  readonly type: { readonly code: string; readonly display: string };
  readonly title: string;
  readonly date: string;
  readonly pdf: Buffer;
  readonly author: { readonly given: string; readonly family: string; readonly prefix?: string } | null;
  readonly organisation: string | null;
  readonly sourceId: string;
  /** The record's DocumentReference id this document replaces. */
  readonly replaces: string | null;
  /** The id to file it under (a UUID the caller chose, ADR 0027); a random one when absent. */
  readonly documentId?: string;
}

export interface NationalCaller {
  readonly principal: FacilityPrincipal;
  readonly requestId: string;
}

/**
 * The caller's own write in the same transaction as the record's change (the fse2 forwarding outbox): it
 * commits with the change or not at all. Not called when nothing changed (a replayed publication or delete).
 */
export type NationalInTransaction = (trx: QueryExecutorProvider, documentId: string) => Promise<void>;

export const NATIONAL_DOCUMENT_SYSTEM = `${SYSTEMS.salus}/sid/fse2-document`;

/** The record's class for a national tipoDocumentoLivAlto, and whether the CDA's LOINC type belongs to it. */
export function nationalClassFits(docClass: string, loinc: string): 'fits' | 'unknown_class' | 'wrong_type' {
  if (!isFseClass(docClass)) return 'unknown_class';
  const allowed: readonly string[] = FSE_CLASSES[docClass].loinc;
  return allowed.includes(loinc) ? 'fits' : 'wrong_type';
}

const withDocumentId = (submission: Submission, id: string | undefined): Submission =>
  id === undefined ? submission : { ...submission, documents: submission.documents.map((d) => ({ ...d, id })) };

const notYours = () =>
  validationError(
    'fse.national_target',
    'The document is not a current document of this facility in the record; nothing was changed.',
  );

/**
 * Files, withdraws and re-indexes national documents through the record's own paths:
 * filing is an ITI-65 publication (consent, oscuramento, access log, ingestion queue
 * and its 24 h SLA, dashboard, FHIR/MHD reads, exactly as for any document).
 */
export function nationalDocuments(deps: {
  db: Kysely<RecordsDatabase>;
  audit: AuditSink;
  publish: Publish;
  now: () => Date;
  derived: DerivedService;
}) {
  const writes = writeStore();

  async function lockOwn(trx: Kysely<RecordsDatabase>, documentId: string, caller: NationalCaller) {
    const row = await trx
      .selectFrom('fhir_document_reference')
      .select(['status', 'author_facility_id', 'master_identifier', 'content_sha1', 'binary_id', 'submission_id'])
      .select(['hidden', 'doc_class'])
      .where('id', '=', documentId)
      .forUpdate()
      .executeTakeFirst();
    if (row?.author_facility_id !== caller.principal.facilityId) throw notYours();
    const current = await writes.lock(trx, DOCUMENT_REFERENCE, documentId);
    if (current === null) throw notYours();
    return { row, current, content: current.content as DocumentReference & { id: string } };
  }

  return {
    /**
     * Stores the clinical resources of a document's FHIR conversion (fse2/transform), linked to it: call it
     * from `also`, in the transaction that files the document. Idempotent per (document, resource).
     */
    storeDerived: deps.derived.store.bind(deps.derived),

    /** Idempotent per uniqueId: the same document twice is one DocumentReference (ITI-65 replay). */
    async file(
      doc: NationalDocument,
      caller: NationalCaller,
      also?: NationalInTransaction,
    ): Promise<{ documentId: string; created: boolean }> {
      const docClass: FseClass = isFseClass(doc.docClass) ? doc.docClass : 'REF';
      // The PDF beside the Bundle, not in base64 inside it: 65 KB encoded, checked and decoded back (ADR 0027).
      const { bundle, contents } = provideBundleDetached(
        { fiscalCode: doc.fiscalCode },
        [
          {
            masterIdentifier: { system: NATIONAL_DOCUMENT_SYSTEM, value: doc.uniqueId },
            docClass,
            type: doc.type,
            description: doc.title,
            date: doc.date,
            content: doc.pdf,
            contentType: 'application/pdf',
            ...(doc.author === null ? {} : { author: doc.author }),
            ...(doc.organisation === null ? {} : { organisation: doc.organisation }),
            // No access rule (attiCliniciRegoleAccesso is 0..n): no event, as FHIR forbids an empty list.
            ...(doc.events.length === 0 ? {} : { event: doc.events }),
            ...(doc.period === null ? {} : { period: doc.period }),
            securityLabel: doc.securityLabels,
            facilityType: doc.facilityType,
            practiceSetting: doc.practiceSetting,
            ...(doc.replaces === null ? {} : { replaces: doc.replaces }),
          },
        ],
        { sourceId: doc.sourceId },
      );
      const result = await deps.publish(
        withDocumentId(parseProvideBundle(bundle, contents), doc.documentId),
        { principal: caller.principal, facilityId: caller.principal.facilityId, operatorId: null },
        caller.requestId,
        also && ((trx, ids) => also(trx, ids[0] ?? '')),
      );
      return { documentId: result.documentIds[0] ?? '', created: result.created };
    },

    /**
     * The stored bytes of national documents by DocumentReference id, for the fse2 forwarding relay: it sends the
     * record's copy of a publication's PDF to the national Gateway instead of keeping a second one (ADR 0017). Not
     * an access by a person: the producer's own publication passing on to the national side, as the outbox's copy
     * did before, logged at filing ("publication"). A withdrawn or replaced document keeps its content.
     */
    async contents(documentIds: readonly string[]): Promise<Map<string, Buffer>> {
      if (documentIds.length === 0) return new Map();
      const rows = await mhdRepository.contentsOf(deps.db, documentIds);
      return new Map(rows.map((r) => [r.document_id, r.data]));
    },

    /** Delete: the DocumentReference becomes entered-in-error, so no search or read shows it again. Idempotent. */
    async withdraw(documentId: string, caller: NationalCaller, also?: NationalInTransaction): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const { row, current, content } = await lockOwn(trx, documentId, caller);
        if (row.status === 'entered-in-error') return;
        if (row.status !== 'current') throw notYours();
        const at = deps.now();
        const withdrawn = { ...content, status: 'entered-in-error' as const };
        await writes.update(trx, DOCUMENT_REFERENCE, current, null, withdrawn, { status: 'entered-in-error' }, at);
        await derivedRepository.removeFor(trx, documentId);
        await deps.audit.record(
          {
            principal: caller.principal,
            action: 'delete',
            resourceType: 'DocumentReference',
            resourceId: documentId,
            subjectCitizenId: current.patientId,
            purpose: 'publication',
            outcome: 'success',
            requestId: caller.requestId,
          },
          trx,
        );
        await also?.(trx, documentId);
      });
    },

    /** Metadata update: class, facility type, practice setting, events, period and labels change in the index. */
    async reindex(
      documentId: string,
      index: NationalIndex,
      caller: NationalCaller,
      also?: NationalInTransaction,
    ): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const { row, current, content } = await lockOwn(trx, documentId, caller);
        if (row.status !== 'current' || !isFseClass(index.docClass)) throw notYours();
        const at = deps.now();
        const restricted = index.securityLabels.some((l) => l.code === 'V');
        const updated: DocumentReference & { id: string } = {
          ...content,
          category: [
            {
              coding: [
                { system: SYSTEMS.documentClass, code: index.docClass, display: FSE_CLASSES[index.docClass].it },
              ],
            },
          ],
          securityLabel: [{ coding: [...index.securityLabels] }],
          context: {
            ...content.context,
            event: [{ coding: [...index.events] }],
            facilityType: { coding: [index.facilityType] },
            practiceSetting: { coding: [index.practiceSetting] },
            ...(index.period === null ? {} : { period: { ...index.period } }),
          },
        };
        const columns = documentColumns(
          updated,
          { patientId: current.patientId, authorFacilityId: current.authorFacilityId, authorOperatorId: null },
          {
            masterIdentifier: row.master_identifier,
            contentSha1: row.content_sha1,
            binaryId: row.binary_id,
            submissionId: row.submission_id,
            docClass: index.docClass,
            // Oscuramento only tightens here: lifting it is the citizen's decision (consent page).
            hidden: row.hidden || restricted,
          },
          at,
        );
        await writes.update(trx, DOCUMENT_REFERENCE, current, null, updated, columns, at);
        await deps.audit.record(
          {
            principal: caller.principal,
            action: 'update',
            resourceType: 'DocumentReference',
            resourceId: documentId,
            subjectCitizenId: current.patientId,
            purpose: 'publication',
            outcome: 'success',
            requestId: caller.requestId,
          },
          trx,
        );
        await also?.(trx, documentId);
      });
    },
  };
}

export type NationalDocuments = ReturnType<typeof nationalDocuments>;
