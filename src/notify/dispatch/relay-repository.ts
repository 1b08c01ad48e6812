import { sql } from 'kysely';
import { ownTables, type Db } from '../../db/tables.ts';
import type { NotifyTables } from '../db-types.ts';

/** What the relay may add: per lane, up to `batch` jobs, keeping at most `window` waiting. */
export interface RelayLimits {
  readonly priorities: readonly number[];
  readonly window: number;
  readonly batch: number;
}

/** The relay's statements (migrations/0013_notify_jobs.sql, ADR 0005). */
export function relayRepository<All extends NotifyTables>(handle: Db<All>) {
  const db = ownTables<NotifyTables, All>(handle);
  return {
    /**
     * Adds the jobs of the next due messages that have none, lane by lane, in one statement:
     * the jobs already waiting (added, message still queued) are counted in it, marking the
     * messages and adding their jobs commit together, and graphile-worker's add_jobs sends
     * one NOTIFY for the whole batch. SKIP LOCKED lets every dispatcher relay.
     */
    async addJobs({ priorities, window, batch }: RelayLimits): Promise<number> {
      const result = await sql<{ added: number | null }>`
        WITH waiting AS (
          SELECT lane_priority, count(*)::int AS n FROM notify_messages
          WHERE status = 'queued' AND job_added_at IS NOT NULL GROUP BY lane_priority
        ), q AS (
          SELECT p.priority, least(${batch}::int, ${window}::int - coalesce(w.n, 0)) AS lim
          FROM unnest(${priorities}::smallint[]) AS p(priority) LEFT JOIN waiting w ON w.lane_priority = p.priority
        ), next AS (
          SELECT n.id, n.lane_priority FROM q CROSS JOIN LATERAL (
            SELECT id, lane_priority FROM notify_messages
            WHERE status = 'queued' AND job_added_at IS NULL AND lane_priority = q.priority AND not_before <= now()
            ORDER BY id LIMIT greatest(q.lim, 0)
            FOR UPDATE SKIP LOCKED
          ) AS n
        ), upd AS (
          UPDATE notify_messages m SET job_added_at = now() FROM next WHERE m.id = next.id
          RETURNING m.id, m.lane_priority
        )
        SELECT notify_send_jobs(array_agg(id), array_agg(lane_priority)) AS added FROM upd HAVING count(*) > 0`.execute(
        db,
      );
      return result.rows[0]?.added ?? 0;
    },

    /**
     * Messages whose job has not claimed them for this long lost it: a job whose end could
     * not be recorded while the database was away stays locked by its (living) worker for
     * graphile-worker's 4 hours. They get a new job; should the old one still run, its
     * claim finds the message taken and does nothing.
     */
    async forgetStaleJobs(staleMs: number): Promise<number> {
      const result = await sql`
        UPDATE notify_messages SET job_added_at = NULL
        WHERE status = 'queued' AND job_added_at IS NOT NULL
          AND job_added_at < now() - ${staleMs} * interval '1 millisecond'`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}

export type RelayRepository = ReturnType<typeof relayRepository>;
