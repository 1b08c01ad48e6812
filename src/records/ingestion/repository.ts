import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { literal } from '../../db/literal.ts';

type Db = Kysely<RecordsDatabase>;

/** A document of a claimed submission, with what its citizen's notice and the patient index need. */
export interface PendingDocument {
  document_id: string;
  patient_id: number;
  accepted_at: Date;
  doc_class: string;
  date: Date;
  relatesto: string[];
  author: string | null;
}

/**
 * The SQL of processing after acceptance (ingestion/process.ts) and of the 24 h SLA's figures
 * (ingestion/sla.ts). Each statement takes the handle or the caller's transaction.
 */
export const ingestionRepository = {
  /** Adds the "look now" job; graphile-worker's job key makes repeated kicks one run. */
  async addProcessJob(db: Db, task: string): Promise<void> {
    await sql`SELECT graphile_worker.add_job(${task}, '{}'::json, job_key => ${task},
      job_key_mode => 'preserve_run_at', max_attempts => 8)`.execute(db);
  },

  /** Claims the submission of the longest-waiting due document, skipping rows other workers hold. */
  async claimDue(trx: Db): Promise<string | null> {
    const due = await sql<{ submission_id: string }>`
      SELECT submission_id::text FROM fse_ingestion WHERE state = 'pending' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
    return due.rows[0]?.submission_id ?? null;
  },

  /** Takes a transaction-scoped advisory lock without waiting; false: someone else holds it. */
  async tryLock(trx: Db, key: string): Promise<boolean> {
    const taken = await sql<{ ok: boolean }>`
      SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS ok`.execute(trx);
    return taken.rows[0]?.ok === true;
  },

  /** Takes a transaction-scoped advisory lock, waiting for it. */
  async lock(trx: Db, key: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  },

  /** The pending documents of a submission, locked, with their author's name for the notice. */
  async pendingDocuments(trx: Db, submissionId: string): Promise<PendingDocument[]> {
    const rows = await sql<PendingDocument>`
      SELECT i.document_id, i.patient_id, i.accepted_at, d.doc_class, d.date, d.relatesto,
             coalesce(f.name, o.given_name || ' ' || o.family_name) AS author
      FROM fse_ingestion i
      JOIN fhir_document_reference d ON d.id = i.document_id
      LEFT JOIN registry_facilities f ON f.id = d.author_facility_id
      LEFT JOIN registry_operators o ON o.id = d.author_operator_id
      WHERE i.submission_id = ${submissionId} AND i.state = 'pending'
      ORDER BY i.document_id
      FOR UPDATE OF i`.execute(trx);
    return rows.rows;
  },

  /** Counts a processed document in its patient's index. */
  async countInIndex(trx: Db, doc: { patient_id: number; doc_class: string; date: Date }): Promise<void> {
    await sql`
      INSERT INTO fse_patient_index (patient_id, doc_class, documents, latest)
      VALUES (${doc.patient_id}, ${doc.doc_class}, 1, ${doc.date})
      ON CONFLICT (patient_id, doc_class) DO UPDATE
        SET documents = fse_patient_index.documents + 1,
          latest = greatest(fse_patient_index.latest, excluded.latest)`.execute(trx);
  },

  /** Takes a replaced document out of its patient's index, if it was counted (processed). */
  async uncountReplaced(trx: Db, replacedId: string): Promise<void> {
    await sql`
      UPDATE fse_patient_index x SET documents = x.documents - 1
      FROM fhir_document_reference old JOIN fse_ingestion oi ON oi.document_id = old.id AND oi.state = 'done'
      WHERE old.id::text = ${replacedId} AND x.patient_id = old.patient_id AND x.doc_class = old.doc_class
        AND x.documents > 0`.execute(trx);
  },

  async markDone(trx: Db, submissionId: string, at: Date): Promise<void> {
    await trx
      .updateTable('fse_ingestion')
      .set((eb) => ({ state: 'done', processed_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('submission_id', '=', submissionId)
      .where('state', '=', literal('pending'))
      .execute();
  },

  /** The citizen's mobile phone in the registry, if any. */
  async mobilePhone(trx: Db, patientId: number): Promise<string | null> {
    const row = await trx
      .selectFrom('registry_citizens')
      .select(['mobile_phone'])
      .where('id', '=', patientId)
      .executeTakeFirst();
    return row?.mobile_phone ?? null;
  },

  /**
   * One more failed attempt: back-off 60 s doubling to at most 2 h, flagged after `maxAttempts`. Only a row that
   * is still due counts it: the failed try's rollback frees the row before this runs, so a second worker (the
   * background kick) can claim the same due row, fail the same way, and record it too; that second report finds
   * the back-off already set and counts nothing (seen in CI: attempts 2 after one due attempt).
   */
  async recordFailure(db: Db, submissionId: string, message: string, maxAttempts: number): Promise<void> {
    await sql`
      UPDATE fse_ingestion SET attempts = attempts + 1, last_error = ${message},
        state = CASE WHEN attempts + 1 >= ${maxAttempts} THEN 'flagged' ELSE 'pending' END,
        next_attempt_at = now() + make_interval(secs => least(7200, 60 * power(2, attempts)))
      WHERE submission_id = ${submissionId} AND state = 'pending' AND next_attempt_at <= now()`.execute(db);
  },

  /** Flagged documents go round again; the number sent. */
  async retryFlagged(db: Db): Promise<number> {
    const rows = await db
      .updateTable('fse_ingestion')
      .set({ state: 'pending', attempts: 0, next_attempt_at: new Date(0) })
      .where('state', '=', literal('flagged'))
      .returning('document_id')
      .execute();
    return rows.length;
  },
};
