import { sql, type Kysely } from 'kysely';

/** How many more notify_send jobs to add for one lane (by its priority, otp 0 … bulk 3). */
export interface LaneQuota { readonly priority: number; readonly limit: number }

/** The relay's statements (migrations/0013_notify_jobs.sql, ADR 0005). */
export function relayRepository<DB>(db: Kysely<DB>) {
  return {
    /** Jobs added whose message is still queued, per lane priority: the work waiting in graphile-worker. */
    async waitingJobs(): Promise<Map<number, number>> {
      const result = await sql<{ lane_priority: number; n: number }>`
        SELECT lane_priority, count(*)::int AS n FROM notify_messages
        WHERE status = 'queued' AND job_added_at IS NOT NULL
        GROUP BY lane_priority`.execute(db);
      return new Map(result.rows.map((r) => [r.lane_priority, r.n]));
    },

    /**
     * Adds the jobs of the next due messages that have none, up to each lane's limit, in one
     * statement: marking them and adding their jobs commit together, and graphile-worker's
     * add_jobs sends one NOTIFY for the whole batch. SKIP LOCKED lets every dispatcher relay.
     */
    async addJobs(quotas: readonly LaneQuota[]): Promise<number> {
      const wanted = quotas.filter((q) => q.limit > 0);
      if (wanted.length === 0) return 0;
      const result = await sql<{ added: number | null }>`
        WITH q AS (
          SELECT * FROM unnest(${wanted.map((q) => q.priority)}::smallint[], ${wanted.map((q) => q.limit)}::int[]) AS q(priority, lim)
        ), next AS (
          SELECT n.id, n.lane_priority FROM q CROSS JOIN LATERAL (
            SELECT id, lane_priority FROM notify_messages
            WHERE status = 'queued' AND job_added_at IS NULL AND lane_priority = q.priority AND not_before <= now()
            ORDER BY id LIMIT q.lim
            FOR UPDATE SKIP LOCKED
          ) AS n
        ), upd AS (
          UPDATE notify_messages m SET job_added_at = now() FROM next WHERE m.id = next.id
          RETURNING m.id, m.lane_priority
        )
        SELECT notify_send_jobs(array_agg(id), array_agg(lane_priority)) AS added FROM upd HAVING count(*) > 0`.execute(db);
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
        WHERE status = 'queued' AND job_added_at IS NOT NULL AND job_added_at < now() - ${staleMs} * interval '1 millisecond'`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}

export type RelayRepository = ReturnType<typeof relayRepository>;
