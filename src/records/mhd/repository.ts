import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import type { SubjectRef } from './provide-parse.ts';

type Db = Kysely<RecordsDatabase>;

/** A stored DocumentReference as a submission meets it again: a replay, a conflict or a replace target. */
export interface ExistingDocument {
  id: string;
  master_identifier: string;
  content_sha1: string;
  patient_id: number;
  author_facility_id: number | null;
  author_operator_id: number | null;
  submission_id: string | null;
  binary_id: string | null;
  version_id: number;
  last_updated: Date;
}

/**
 * The SQL of ITI-65 publication (mhd/publish.ts), each statement in the caller's
 * transaction: the patient through the registry's view, the documents, binaries,
 * ingestion rows and list items. The versioned resources themselves go through store/writes.ts.
 */
export const mhdRepository = {
  /** The registry's id of the submission's subject; undefined: not in the registry. */
  async patientId(trx: Db, subject: SubjectRef): Promise<number | undefined> {
    const query = trx.selectFrom('registry_citizens').select('id');
    const row = await (
      subject.kind === 'id' ? query.where('id', '=', subject.id) : query.where('fiscal_code', '=', subject.value)
    ).executeTakeFirst();
    return row?.id;
  },

  /** The document a submission replaces, locked until the transaction ends. */
  lockReplaceTarget(trx: Db, targetId: string) {
    return trx
      .selectFrom('fhir_document_reference')
      .select(['id', 'status', 'patient_id', 'author_facility_id', 'author_operator_id', 'hidden'])
      .where('id', '=', targetId)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Documents already stored under any of these master identifiers. */
  existingByMaster(trx: Db, masterIdentifiers: readonly string[]): Promise<ExistingDocument[]> {
    return trx
      .selectFrom('fhir_document_reference')
      .select([
        'id',
        'master_identifier',
        'content_sha1',
        'patient_id',
        'author_facility_id',
        'author_operator_id',
        'submission_id',
        'binary_id',
        'version_id',
        'last_updated',
      ])
      .where('master_identifier', 'in', [...masterIdentifiers])
      .execute();
  },

  async insertBinary(
    trx: Db,
    row: {
      id: string;
      last_updated: Date;
      content_type: string;
      data: Buffer;
      patient_id: number;
      author_facility_id: number | null;
      author_operator_id: number | null;
      document_id: string;
    },
  ): Promise<void> {
    await trx.insertInto('fhir_binary').values(row).execute();
  },

  /** The stored content (Binary bytes) of documents, by DocumentReference id. */
  contentsOf(db: Db, documentIds: readonly string[]) {
    return db
      .selectFrom('fhir_binary')
      .select(['document_id', 'data'])
      .where('document_id', 'in', [...documentIds])
      .execute();
  },

  /** Queues a document for processing (ingestion/process.ts). */
  async enqueueIngestion(
    trx: Db,
    row: { document_id: string; submission_id: string; patient_id: number; accepted_at: Date },
  ): Promise<void> {
    await trx.insertInto('fse_ingestion').values(row).execute();
  },

  async insertListItems(trx: Db, listId: string, documentIds: readonly string[]): Promise<void> {
    await trx
      .insertInto('fse_list_items')
      .values(documentIds.map((document_id) => ({ list_id: listId, document_id })))
      .execute();
  },

  /** The stored SubmissionSet's version, for a replay's answer. */
  listVersion(trx: Db, listId: string) {
    return trx
      .selectFrom('fhir_list')
      .select(['id', 'version_id', 'last_updated'])
      .where('id', '=', listId)
      .executeTakeFirst();
  },
};
