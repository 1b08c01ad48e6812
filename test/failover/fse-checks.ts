import { withClient } from './checks.ts';
import type { Publish } from './fse.ts';

/**
 * What the failover test checks of FSE publishing, in SQL on the surviving leader (as
 * for enrollments): every acknowledged document is there exactly once (one
 * DocumentReference, one Binary, one SubmissionSet entry, one ingestion row), and the
 * processing queued before a kill (index + the citizen's SMS notice, by the
 * graphile-worker job) is done afterwards, once.
 */
export interface FseCheck {
  readonly acknowledged: number;
  /** Acknowledged masterIdentifiers with no DocumentReference. */
  readonly lost: string[];
  /** Acknowledged documents stored more than once, or with a Binary, list entry or ingestion row missing or doubled. */
  readonly duplicates: string[];
}

export async function checkPublishes(url: string, publishes: readonly Publish[]): Promise<FseCheck> {
  const acked = publishes.filter((p) => p.ackedAt !== undefined).map((p) => p.masterIdentifier);
  return withClient(url, async (client) => {
    // One row per stored DocumentReference: a document stored twice shows as two rows.
    const rows = await client.query<{ mi: string; binaries: number; listed: number; queued: number }>(
      `SELECT d.master_identifier AS mi,
              (SELECT count(*)::int FROM fhir_binary b WHERE b.document_id = d.id) AS binaries,
              (SELECT count(*)::int FROM fse_list_items l WHERE l.document_id = d.id) AS listed,
              (SELECT count(*)::int FROM fse_ingestion i WHERE i.document_id = d.id) AS queued
         FROM fhir_document_reference d
        WHERE d.master_identifier = ANY($1)`,
      [acked],
    );
    const docs = new Map<string, number>();
    for (const r of rows.rows) docs.set(r.mi, (docs.get(r.mi) ?? 0) + 1);
    const lost = acked.filter((mi) => !docs.has(mi));
    const duplicates = rows.rows
      .filter((r) => docs.get(r.mi) !== 1 || r.binaries !== 1 || r.listed !== 1 || r.queued !== 1)
      .map(
        (r) =>
          `${r.mi}: ${String(docs.get(r.mi))} documents, ${r.binaries} binaries, ${r.listed} list entries, ` +
          `${r.queued} ingestion rows`,
      );
    return { acknowledged: acked.length, lost, duplicates };
  });
}

/** Documents accepted but not yet processed, as the node that will survive a kill sees them just before it. */
export async function pendingIngestion(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ id: string }>(
      "SELECT document_id::text AS id FROM fse_ingestion WHERE state <> 'done'",
    );
    return rows.rows.map((r) => r.id);
  });
}

export interface ProcessingCheck {
  /** Documents (acknowledged, or pending before a kill) not processed yet. */
  readonly pending: number;
  /** Of those, given up on after their last attempt. */
  readonly flagged: number;
  /** Processed submissions of a patient with a phone whose SMS notice is missing or doubled. */
  readonly wrongNotices: number;
}

export async function checkProcessing(
  url: string,
  publishes: readonly Publish[],
  pendingBeforeKills: readonly string[],
): Promise<ProcessingCheck> {
  const acked = publishes.filter((p) => p.ackedAt !== undefined).map((p) => p.masterIdentifier);
  return withClient(url, async (client) => {
    const rows = await client.query<{ pending: number; flagged: number; wrong: number }>(
      `WITH mine AS (
         SELECT i.* FROM fse_ingestion i JOIN fhir_document_reference d ON d.id = i.document_id
          WHERE d.master_identifier = ANY($1) OR i.document_id = ANY($2::uuid[])
       )
       SELECT count(*) FILTER (WHERE state <> 'done')::int AS pending,
              count(*) FILTER (WHERE state = 'flagged')::int AS flagged,
              (SELECT count(*)::int FROM (SELECT DISTINCT m.submission_id
                                          FROM mine m JOIN citizens c ON c.id = m.patient_id
                                           WHERE m.state = 'done' AND c.mobile_phone IS NOT NULL) s
                WHERE (SELECT count(*) FROM notify_messages n
                       WHERE n.idempotency_key = 'fse:submission:' || s.submission_id || ':available') <> 1) AS wrong
         FROM mine`,
      [acked, pendingBeforeKills],
    );
    const r = rows.rows[0];
    return { pending: r?.pending ?? 0, flagged: r?.flagged ?? 0, wrongNotices: r?.wrong ?? 0 };
  });
}

export interface JobsSnapshot {
  /** Job id → its job key (null when unkeyed). */
  readonly keys: ReadonlyMap<string, string | null>;
}

/**
 * graphile-worker's queued jobs just before a kill, as the survivor sees them: those it
 * will still run (attempts left). Rows with no attempts left are failed already, or
 * retired by a newer job with their key (see JobsCheck.superseded).
 */
export async function snapshotJobs(url: string): Promise<JobsSnapshot> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ id: string; key: string | null }>(
      'SELECT id::text, key FROM graphile_worker.jobs WHERE attempts < max_attempts',
    );
    return { keys: new Map(rows.rows.map((r) => [r.id, r.key])) };
  });
}

export interface JobsCheck {
  readonly before: number;
  /** Gone from the queue: run to completion. */
  readonly done: number;
  /**
   * Keyed jobs that were running when the same key was queued again: graphile-worker
   * then gives the key to a new job and retires the running one (attempts set to the
   * maximum, key cleared), so the new job does the work.
   */
  readonly superseded: number;
  /**
   * Failed for good (attempts exhausted), or still locked since before `lockedBefore`
   * (the last kill: jobs take < 1 s, so its worker died or lost the database while
   * recording the outcome; graphile-worker frees such locks after 4 hours), with no
   * job carrying their key on: lost.
   */
  readonly lost: string[];
}

export async function checkJobs(url: string, snapshot: JobsSnapshot, lockedBefore: number): Promise<JobsCheck> {
  return withClient(url, async (client) => {
    const ids = [...snapshot.keys.keys()];
    const rows = await client.query<{
      id: string;
      task: string;
      key: string | null;
      failed: boolean;
      stuck: boolean;
      error: string | null;
    }>(
      `SELECT id::text, task_identifier AS task, key, attempts >= max_attempts AS failed,
              coalesce(locked_at < to_timestamp($2 / 1000.0), false) AS stuck, left(last_error, 80) AS error
         FROM graphile_worker.jobs WHERE id = ANY($1::bigint[])`,
      [ids, lockedBefore],
    );
    const keys = [...snapshot.keys.values()].filter((k): k is string => k !== null);
    const failedKeys = await client.query<{ key: string }>(
      'SELECT DISTINCT key FROM graphile_worker.jobs WHERE key = ANY($1) AND (attempts >= max_attempts OR ' +
        'locked_at < to_timestamp($2 / 1000.0))',
      [keys, lockedBefore],
    );
    const carriedBadly = new Set(failedKeys.rows.map((r) => r.key));
    let superseded = 0;
    const lost: string[] = [];
    for (const r of rows.rows) {
      const keyBefore = snapshot.keys.get(r.id) ?? null;
      const replaced = keyBefore !== null && r.key === null && !carriedBadly.has(keyBefore);
      if (replaced) superseded++;
      else if (r.failed || r.stuck)
        lost.push(`job ${r.id} ${r.task}${r.stuck ? ' locked by a dead worker' : ''}: ${r.error ?? ''}`);
    }
    return { before: ids.length, done: ids.length - rows.rows.length, superseded, lost };
  });
}
