import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, DocumentReference, List } from '@medplum/fhirtypes';
import type { Kysely, QueryExecutorProvider } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { conflict, forbidden, validationError } from '../../shared/errors.ts';
import type { AuditSink, Principal } from '../../shared/principal.ts';
import { DOCUMENT_REFERENCE, LIST } from '../resources/index.ts';
import { documentColumns, listColumns, type Ownership } from '../store/extract.ts';
import { withMeta, writeStore } from '../store/writes.ts';
import type { ParsedDocument, Submission, SubjectRef } from './provide-parse.ts';
import { serviceRepository } from '../service/repository.ts';
import { mhdRepository as repo, type ExistingDocument } from './repository.ts';
import { derivedRepository } from '../derived/repository.ts';

/** Who publishes: a facility system (ITI-65), or a GP writing an exemption through the same path. */
export interface Publisher {
  readonly principal: Principal;
  readonly facilityId: number | null;
  readonly operatorId: number | null;
}

export interface PublishDeps {
  readonly db: Kysely<RecordsDatabase>;
  readonly audit: AuditSink;
  readonly now: () => Date;
  readonly onAccepted: (documents: number) => void;
}

export interface PublishResult {
  readonly response: Bundle;
  /** False when every document was already stored (a replay): nothing was written. */
  readonly created: boolean;
  readonly submissionId: string;
  readonly documentIds: readonly string[];
}

type Existing = ExistingDocument;

/** Runs in the publication's transaction once its new documents are written (another module's outbox row). */
export type AlsoInTransaction = (trx: QueryExecutorProvider, documentIds: readonly string[]) => Promise<void>;

const ok = (status: string, type: string, id: string, version: number, at: Date): BundleEntry => ({
  response: {
    status,
    location: `${type}/${id}/_history/${version}`,
    etag: `W/"${version}"`,
    lastModified: at.toISOString(),
  },
});

async function resolvePatient(trx: Kysely<RecordsDatabase>, subject: SubjectRef, listIndex: number): Promise<number> {
  const id = await repo.patientId(trx, subject);
  if (id === undefined) {
    throw validationError(
      'fse.patient_unknown',
      'The patient of this submission is not in the regional registry; nothing was stored.',
      [{ field: `Bundle.entry[${listIndex}].resource.subject`, message: 'no such patient' }],
    );
  }
  return id;
}

/**
 * Stores an ITI-65 submission atomically: Binaries, DocumentReferences with their search
 * columns and history, the SubmissionSet, supersession of replaced documents, the
 * ingestion rows (the processing queue) and the access-log entries, in one
 * transaction. Only then does the caller answer. A masterIdentifier seen before with
 * the same bytes is a replay and answers with what is stored; with other bytes, a 409.
 */
export function publisher(deps: PublishDeps) {
  const writes = writeStore();
  const sameAuthor = (e: Existing, p: Publisher) =>
    e.author_facility_id === p.facilityId && e.author_operator_id === p.operatorId;

  async function replaceTarget(
    trx: Kysely<RecordsDatabase>,
    doc: ParsedDocument,
    targetId: string,
    patientId: number,
    p: Publisher,
    at: Date,
  ): Promise<boolean> {
    const target = await repo.lockReplaceTarget(trx, targetId);
    // "Not found" and "not yours" read the same, so a facility learns nothing about others' documents.
    if (
      target?.status !== 'current' ||
      target.patient_id !== patientId ||
      target.author_facility_id !== p.facilityId ||
      target.author_operator_id !== p.operatorId
    ) {
      throw validationError(
        'fse.replace_target',
        'The document to replace is not a current document of yours for this patient; nothing was stored.',
        [{ field: `Bundle.entry[${doc.index}].resource.relatesTo`, message: 'unknown or not replaceable target' }],
      );
    }
    const current = await writes.lock(trx, DOCUMENT_REFERENCE, targetId);
    if (current === null) throw new Error('replace target vanished under lock');
    const superseded = { ...(current.content as DocumentReference), status: 'superseded' as const, id: targetId };
    await writes.update(trx, DOCUMENT_REFERENCE, current, null, superseded, { status: 'superseded' }, at);
    // Its derived clinical resources leave with it; the new version's are stored by its own conversion.
    await derivedRepository.removeFor(trx, targetId);
    return target.hidden; // a corrected version of a hidden document stays hidden
  }

  async function store(
    submission: Submission,
    p: Publisher,
    requestId: string,
    also?: AlsoInTransaction,
  ): Promise<PublishResult> {
    return deps.db.transaction().execute(async (trx) => {
      const at = deps.now();
      const patientId = await resolvePatient(trx, submission.subject, submission.list.index);
      if (p.operatorId !== null) {
        if (!(await serviceRepository.onGpList(trx, patientId, p.operatorId)))
          throw forbidden('fse.not_your_patient', 'GPs publish only for patients on their list.');
      }
      const existing = await repo.existingByMaster(
        trx,
        submission.documents.map((d) => d.masterIdentifier),
      );
      const known = new Map<string, Existing>(existing.map((e) => [e.master_identifier, e]));
      for (const doc of submission.documents) {
        const e = known.get(doc.masterIdentifier);
        if (
          e !== undefined &&
          (!sameAuthor(e, p) || e.content_sha1 !== doc.binary.sha1 || e.patient_id !== patientId)
        ) {
          throw conflict(
            'fse.master_identifier_used',
            `masterIdentifier ${doc.masterIdentifier} already identifies another document; ` +
              `a new version needs a new masterIdentifier and relatesTo "replaces".`,
          );
        }
      }

      const responses = new Map<number, BundleEntry>();
      const fresh = submission.documents.filter((d) => !known.has(d.masterIdentifier));
      if (fresh.length === 0) return replay(trx, submission, existing, responses);

      const owner: Ownership = { patientId, authorFacilityId: p.facilityId, authorOperatorId: p.operatorId };
      const submissionId = randomUUID();
      const docIds = new Map<string, string>(existing.map((e) => [e.master_identifier, e.id]));
      for (const doc of fresh) {
        const id = doc.id ?? randomUUID();
        const binaryId = randomUUID();
        docIds.set(doc.masterIdentifier, id);
        const inheritsHidden =
          doc.replaces === null ? false : await replaceTarget(trx, doc, doc.replaces, patientId, p, at);
        // Documents labelled very restricted (v3 Confidentiality V: e.g. HIV, abuse) start hidden
        // until the citizen decides.
        const restricted = (doc.resource.securityLabel ?? []).some(
          (l) => l.coding?.some((c) => c.code === 'V') === true,
        );
        const attachment = doc.resource.content[0]?.attachment;
        const resource = withMeta<DocumentReference>(
          {
            ...doc.resource,
            subject: { reference: `Patient/${patientId}` },
            date: doc.resource.date ?? at.toISOString(),
            content: [{ ...doc.resource.content[0], attachment: { ...attachment, url: `Binary/${binaryId}` } }],
            ...(doc.replaces === null
              ? {}
              : { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${doc.replaces}` } }] }),
          },
          id,
          1,
          at,
        );
        await repo.insertBinary(trx, {
          id: binaryId,
          last_updated: at,
          content_type: doc.binary.contentType,
          data: doc.binary.bytes,
          patient_id: patientId,
          author_facility_id: p.facilityId,
          author_operator_id: p.operatorId,
          document_id: id,
        });
        await writes.insert(
          trx,
          DOCUMENT_REFERENCE,
          resource,
          documentColumns(
            resource,
            owner,
            {
              masterIdentifier: doc.masterIdentifier,
              contentSha1: doc.binary.sha1,
              binaryId,
              submissionId,
              docClass: doc.docClass,
              hidden: inheritsHidden || restricted,
            },
            at,
          ),
        );
        await repo.enqueueIngestion(trx, {
          document_id: id,
          submission_id: submissionId,
          patient_id: patientId,
          accepted_at: at,
        });
        await deps.audit.record(
          {
            principal: p.principal,
            action: 'create',
            resourceType: 'DocumentReference',
            resourceId: id,
            subjectCitizenId: patientId,
            purpose: 'publication',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        responses.set(doc.index, ok('201 Created', 'DocumentReference', id, 1, at));
        responses.set(doc.binary.index, ok('201 Created', 'Binary', binaryId, 1, at));
      }
      for (const e of existing) {
        const doc = submission.documents.find((d) => d.masterIdentifier === e.master_identifier);
        if (doc === undefined) continue;
        responses.set(doc.index, ok('200 OK', 'DocumentReference', e.id, e.version_id, e.last_updated));
        responses.set(doc.binary.index, ok('200 OK', 'Binary', e.binary_id ?? '', 1, e.last_updated));
      }

      const listed = [...docIds.values()];
      const list = withMeta<List>(
        {
          ...submission.list.resource,
          subject: { reference: `Patient/${patientId}` },
          date: submission.list.resource.date ?? at.toISOString(),
          entry: listed.map((id) => ({ item: { reference: `DocumentReference/${id}` } })),
        },
        submissionId,
        1,
        at,
      );
      await writes.insert(trx, LIST, list, listColumns(list, owner, at));
      await repo.insertListItems(trx, submissionId, listed);
      responses.set(submission.list.index, ok('201 Created', 'List', submissionId, 1, at));
      await also?.(
        trx,
        fresh.map((d) => docIds.get(d.masterIdentifier) ?? ''),
      );
      deps.onAccepted(fresh.length);
      return { response: transactionResponse(submission, responses), created: true, submissionId, documentIds: listed };
    });
  }

  async function replay(
    trx: Kysely<RecordsDatabase>,
    submission: Submission,
    existing: readonly Existing[],
    responses: Map<number, BundleEntry>,
  ): Promise<PublishResult> {
    for (const e of existing) {
      const doc = submission.documents.find((d) => d.masterIdentifier === e.master_identifier);
      if (doc === undefined) continue;
      responses.set(doc.index, ok('200 OK', 'DocumentReference', e.id, e.version_id, e.last_updated));
      responses.set(doc.binary.index, ok('200 OK', 'Binary', e.binary_id ?? '', 1, e.last_updated));
    }
    const submissionId = existing[0]?.submission_id ?? '';
    const list = await repo.listVersion(trx, submissionId);
    if (list !== undefined)
      responses.set(submission.list.index, ok('200 OK', 'List', list.id, list.version_id, list.last_updated));
    return {
      response: transactionResponse(submission, responses),
      created: false,
      submissionId,
      documentIds: existing.map((e) => e.id),
    };
  }

  return {
    /** Retries once on a unique-key race (two identical submissions at once): the second becomes a replay. */
    publish: async (
      submission: Submission,
      p: Publisher,
      requestId: string,
      also?: AlsoInTransaction,
    ): Promise<PublishResult> => {
      try {
        return await store(submission, p, requestId, also);
      } catch (error) {
        if ((error as { code?: unknown }).code !== '23505') throw error;
        return store(submission, p, requestId, also);
      }
    },
  };
}

function transactionResponse(submission: Submission, responses: ReadonlyMap<number, BundleEntry>): Bundle {
  const entries: BundleEntry[] = [];
  for (let i = 0; i < submission.entryCount; i++) entries.push(responses.get(i) ?? { response: { status: '200 OK' } });
  return { resourceType: 'Bundle', id: randomUUID(), type: 'transaction-response', entry: entries };
}

export type Publish = ReturnType<typeof publisher>['publish'];
