import { sql, type Kysely } from 'kysely';
import { isNotAcknowledged } from '../../db/retry.ts';
import type { RecordsDatabase } from '../db-types.ts';
import type { Outbox } from '../../shared/outbox.ts';
import { FSE_CLASSES, isFseClass } from '../fhir/codes.ts';

export interface ProcessDeps {
  readonly db: Kysely<RecordsDatabase>;
  readonly outbox: Outbox;
  readonly publicUrl: string;
  readonly now: () => Date;
  /** Seconds between acceptance and processing, per document, for the SLA histogram. */
  readonly observeDelay: (seconds: number) => void;
  /** Attempts before the documents of a submission are flagged. */
  readonly maxAttempts: number;
}

export const PROCESS_TASK = 'records_process_pending';

/** The SMS, in Italian (the citizen's language on the platform), under 160 GSM characters when it can be. */
function noticeText(classes: readonly string[], author: string, publicUrl: string): string {
  const first = classes[0] ?? 'REF';
  const label = isFseClass(first) ? FSE_CLASSES[first].it : 'Documento';
  const what =
    classes.length === 1 ? `un nuovo documento (${label}, ${author})` : `${classes.length} nuovi documenti (${author})`;
  return `Salus FSE: nel tuo Fascicolo Sanitario è disponibile ${what}. Consultalo su ${publicUrl}/fascicolo`;
}

/**
 * Adds the "look now" job. Outside any ITI-65 transaction: NOTIFY would serialise their
 * commits. graphile-worker waits e^n s after the n-th failure, so 3 attempts gave up
 * after ≈ 10 s of database outage (a failover's length); 8 attempts span ≈ 30 minutes.
 */
export async function kickProcessing(db: Kysely<RecordsDatabase>): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${PROCESS_TASK}, '{}'::json, job_key => ${PROCESS_TASK}, job_key_mode => 'preserve_run_at', max_attempts => 8)`.execute(
    db,
  );
}

/**
 * Processing after acceptance (the 24 h SLA). Each submission is processed in one
 * transaction: the patient's document index is updated, the documents are marked
 * done, and the citizen's SMS is put in the outbox, so the notice exists if and only
 * if the documents are processed. A failure leaves them pending with a back-off; after
 * the last attempt they are flagged (never dropped) for the region's operators.
 * Submissions are claimed with SKIP LOCKED, so workers in both sites share the work.
 */
/** Another worker holds the claimed submission: this one goes on with the next. */
const BUSY = 'busy' as const;

export function ingestionProcessor(deps: ProcessDeps) {
  /** Processes one due submission; null when none is due. */
  async function processOne(): Promise<
    { submissionId: string; documents: number } | { submissionId: string; error: unknown } | null
  > {
    // Set inside the transaction's callback, read after it (an object, so the compiler sees the write).
    const claim: { id: string | null } = { id: null };
    try {
      const delays = await deps.db.transaction().execute(async (trx) => {
        const due = await sql<{ submission_id: string }>`
          SELECT submission_id::text FROM fse_ingestion WHERE state = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
        claim.id = due.rows[0]?.submission_id ?? null;
        if (claim.id === null) return null;
        // SKIP LOCKED claims one row, and a submission has a row per document: two workers may
        // claim two rows of one submission, and each then waits for the other's row (a deadlock
        // seen in CI). The submission itself is taken with a try-lock: the loser lets go at once.
        const taken = await sql<{ ok: boolean }>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${`fse-submission:${claim.id}`}, 0)) AS ok`.execute(trx);
        return taken.rows[0]?.ok === true ? processSubmission(trx, claim.id) : BUSY;
      });
      if (delays === BUSY) return { submissionId: claim.id ?? '', documents: 0 };
      if (claim.id === null || delays === null) return null;
      for (const seconds of delays) deps.observeDelay(Math.max(0, seconds));
      return { submissionId: claim.id, documents: delays.length };
    } catch (error) {
      // A database that did not answer (a failover, a lost site) is not the submission's
      // fault: no attempt is counted and no 60 s back-off set; the job fails and runs again
      // (graphile-worker's retry, the next kick, or the minute's cron) once a leader answers.
      if (claim.id === null || isNotAcknowledged(error)) throw error;
      await recordFailure(claim.id, error);
      return { submissionId: claim.id, error };
    }
  }

  async function processSubmission(trx: Kysely<RecordsDatabase>, submissionId: string): Promise<number[]> {
    const rows = await sql<{
      document_id: string;
      patient_id: number;
      accepted_at: Date;
      doc_class: string;
      date: Date;
      relatesto: string[];
      author: string | null;
    }>`
      SELECT i.document_id, i.patient_id, i.accepted_at, d.doc_class, d.date, d.relatesto,
             coalesce(f.name, o.given_name || ' ' || o.family_name) AS author
      FROM fse_ingestion i
      JOIN fhir_document_reference d ON d.id = i.document_id
      LEFT JOIN registry_facilities f ON f.id = d.author_facility_id
      LEFT JOIN registry_operators o ON o.id = d.author_operator_id
      WHERE i.submission_id = ${submissionId} AND i.state = 'pending'
      ORDER BY i.document_id
      FOR UPDATE OF i`.execute(trx);
    const at = deps.now();
    // Two submissions of one patient update the same index rows, in their own document order:
    // row locks taken in two orders deadlocked (seen in CI). The patients are locked first, in
    // id order, so their index updates queue instead of crossing.
    const patients = [...new Set(rows.rows.map((r) => r.patient_id))].sort((a, b) => a - b);
    for (const patient of patients) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`fse-patient-index:${patient}`}, 0))`.execute(trx);
    }
    for (const row of rows.rows) {
      await sql`
        INSERT INTO fse_patient_index (patient_id, doc_class, documents, latest) VALUES (${row.patient_id}, ${row.doc_class}, 1, ${row.date})
        ON CONFLICT (patient_id, doc_class) DO UPDATE SET documents = fse_patient_index.documents + 1, latest = greatest(fse_patient_index.latest, excluded.latest)`.execute(
        trx,
      );
      // A replacement takes the place of the document it supersedes, if that one was counted.
      for (const ref of row.relatesto) {
        await sql`
          UPDATE fse_patient_index x SET documents = x.documents - 1
          FROM fhir_document_reference old JOIN fse_ingestion oi ON oi.document_id = old.id AND oi.state = 'done'
          WHERE old.id::text = ${ref.replace('DocumentReference/', '')} AND x.patient_id = old.patient_id AND x.doc_class = old.doc_class AND x.documents > 0`.execute(
          trx,
        );
      }
    }
    await trx
      .updateTable('fse_ingestion')
      .set((eb) => ({ state: 'done', processed_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('submission_id', '=', submissionId)
      .where('state', '=', 'pending')
      .execute();
    const first = rows.rows[0];
    const citizen =
      first === undefined
        ? undefined
        : await trx
            .selectFrom('registry_citizens')
            .select(['mobile_phone'])
            .where('id', '=', first.patient_id)
            .executeTakeFirst();
    if (citizen?.mobile_phone != null && first !== undefined) {
      await deps.outbox.enqueue(trx, {
        lane: 'bulk',
        to: citizen.mobile_phone,
        text: noticeText(
          rows.rows.map((r) => r.doc_class),
          first.author ?? 'Salus',
          deps.publicUrl,
        ),
        idempotencyKey: `fse:submission:${submissionId}:available`,
      });
    }
    return rows.rows.map((r) => (at.getTime() - r.accepted_at.getTime()) / 1000);
  }

  /**
   * Back-off: 60 s doubling to at most 2 h. With 10 attempts the nine waits add up to
   * 22,020 s (about 6 hours): several outages' worth of retries, and three quarters of
   * the 24 h SLA left for an operator once a submission is flagged.
   */
  async function recordFailure(submissionId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message.slice(0, 500) : 'processing failed';
    await sql`
      UPDATE fse_ingestion SET attempts = attempts + 1, last_error = ${message},
        state = CASE WHEN attempts + 1 >= ${deps.maxAttempts} THEN 'flagged' ELSE 'pending' END,
        next_attempt_at = now() + make_interval(secs => least(7200, 60 * power(2, attempts)))
      WHERE submission_id = ${submissionId} AND state = 'pending'`.execute(deps.db);
  }

  return {
    /**
     * The job: processes due submissions until none is left or `budgetMs` is spent
     * (so one run cannot hog a worker slot; the next kick or the minute's cron goes on).
     */
    async processDue(budgetMs = 30_000): Promise<{ processed: number; failed: number; more: boolean }> {
      const started = Date.now();
      let processed = 0;
      let failed = 0;
      for (;;) {
        if (Date.now() - started >= budgetMs) return { processed, failed, more: true };
        const result = await processOne();
        if (result === null) return { processed, failed, more: false };
        if ('error' in result) failed++;
        else processed += result.documents;
      }
    },

    /** Region operators send flagged documents round again once the cause is fixed. */
    async retryFlagged(): Promise<number> {
      const rows = await deps.db
        .updateTable('fse_ingestion')
        .set({ state: 'pending', attempts: 0, next_attempt_at: new Date(0) })
        .where('state', '=', 'flagged')
        .returning('document_id')
        .execute();
      if (rows.length > 0) await kickProcessing(deps.db);
      return rows.length;
    },
  };
}

export type IngestionProcessor = ReturnType<typeof ingestionProcessor>;
