import type { Kysely } from 'kysely';
import { isNotAcknowledged } from '../../db/retry.ts';
import type { RecordsDatabase } from '../db-types.ts';
import type { Outbox } from '../../shared/outbox.ts';
import { FSE_CLASSES, isFseClass } from '../fhir/codes.ts';
import { ingestionRepository as repo } from './repository.ts';

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
  await repo.addProcessJob(db, PROCESS_TASK);
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
        claim.id = await repo.claimDue(trx);
        if (claim.id === null) return null;
        // SKIP LOCKED claims one row, and a submission has a row per document: two workers may
        // claim two rows of one submission, and each then waits for the other's row (a deadlock
        // seen in CI). The submission itself is taken with a try-lock: the loser lets go at once.
        const taken = await repo.tryLock(trx, `fse-submission:${claim.id}`);
        return taken ? processSubmission(trx, claim.id) : BUSY;
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
    const rows = await repo.pendingDocuments(trx, submissionId);
    const at = deps.now();
    // Two submissions of one patient update the same index rows, in their own document order:
    // row locks taken in two orders deadlocked (seen in CI). The patients are locked first, in
    // id order, so their index updates queue instead of crossing.
    const patients = [...new Set(rows.map((r) => r.patient_id))].sort((a, b) => a - b);
    for (const patient of patients) {
      await repo.lock(trx, `fse-patient-index:${patient}`);
    }
    for (const row of rows) {
      await repo.countInIndex(trx, row);
      // A replacement takes the place of the document it supersedes, if that one was counted.
      for (const ref of row.relatesto) await repo.uncountReplaced(trx, ref.replace('DocumentReference/', ''));
    }
    await repo.markDone(trx, submissionId, at);
    const first = rows[0];
    const phone = first === undefined ? null : await repo.mobilePhone(trx, first.patient_id);
    if (phone !== null && first !== undefined) {
      await deps.outbox.enqueue(trx, {
        lane: 'bulk',
        to: phone,
        text: noticeText(
          rows.map((r) => r.doc_class),
          first.author ?? 'Salus',
          deps.publicUrl,
        ),
        idempotencyKey: `fse:submission:${submissionId}:available`,
      });
    }
    return rows.map((r) => (at.getTime() - r.accepted_at.getTime()) / 1000);
  }

  /**
   * Back-off: 60 s doubling to at most 2 h. With 10 attempts the nine waits add up to
   * 22,020 s (about 6 hours): several outages' worth of retries, and three quarters of
   * the 24 h SLA left for an operator once a submission is flagged.
   */
  async function recordFailure(submissionId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message.slice(0, 500) : 'processing failed';
    await repo.recordFailure(deps.db, submissionId, message, deps.maxAttempts);
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
      const documents = await repo.retryFlagged(deps.db);
      if (documents > 0) await kickProcessing(deps.db);
      return documents;
    },
  };
}

export type IngestionProcessor = ReturnType<typeof ingestionProcessor>;
