import { sql } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { NotifyTables } from './db-types.ts';
import type { EventKind, Lane, MessageStatus } from './db-types.ts';
import type { LaneSnapshot } from './metrics.ts';

export interface DeadLetterRow {
  readonly id: number;
  readonly lane: Lane;
  readonly recipient: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly queued_at: Date;
  readonly final_at: Date | null;
}

export interface LatencyRow {
  readonly provider: string;
  readonly lane: Lane;
  readonly delivered: number;
  readonly submit_p50: number;
  readonly submit_p99: number;
  readonly deliver_p50: number;
  readonly deliver_p99: number;
}

export interface MessageRow {
  readonly id: number;
  readonly lane: Lane;
  readonly status: MessageStatus;
  readonly recipient: string;
  readonly attempts: number;
  readonly provider: string | null;
  readonly provider_message_id: string | null;
  readonly queued_at: Date;
  readonly submitted_at: Date | null;
  readonly final_at: Date | null;
  readonly last_error: string | null;
}

export interface EventRow {
  readonly at: Date;
  readonly kind: EventKind;
  readonly provider: string | null;
  readonly provider_message_id: string | null;
  readonly detail: string | null;
}

/** The notify queries behind the API and the queue gauges (the dispatcher's are in dispatch/). */
export function notifyRepository<All extends NotifyTables>(handle: Db<All>) {
  const db = ownTables<NotifyTables, All>(handle);
  return {
    /**
     * Per lane: waiting messages, the oldest one, in flight, unknown and dead. Each count
     * runs on its partial index; the oldest is the first row of the claim order (ids grow
     * with time, and a message sent back to the queue keeps its id and queued_at).
     */
    async laneSnapshot(): Promise<LaneSnapshot[]> {
      const result = await sql<{
        lane: Lane;
        queued: number;
        oldest: Date | null;
        submitting: number;
        unknown: number;
        dead: number;
      }>`
        WITH lanes(lane, priority) AS (VALUES ('otp', 0), ('appointment', 1), ('reminder', 2), ('bulk', 3)),
        queued AS (SELECT lane_priority, count(*)::int AS n FROM notify_messages WHERE status = 'queued'
          GROUP BY lane_priority),
        -- One scan per status, so each uses its own partial index.
        small AS (
          SELECT lane, status FROM notify_messages WHERE status = 'submitting'
          UNION ALL SELECT lane, status FROM notify_messages WHERE status = 'unknown'
          UNION ALL SELECT lane, status FROM notify_messages WHERE status = 'dead'
        ),
        other AS (
          SELECT lane, count(*) FILTER (WHERE status = 'submitting')::int AS submitting,
                 count(*) FILTER (WHERE status = 'unknown')::int AS unknown,
                 count(*) FILTER (WHERE status = 'dead')::int AS dead
          FROM small GROUP BY lane
        )
        SELECT l.lane, coalesce(q.n, 0) AS queued,
               (SELECT queued_at FROM notify_messages m WHERE m.status = 'queued' AND m.lane_priority = l.priority
                ORDER BY m.lane_priority, m.id LIMIT 1) AS oldest,
               coalesce(o.submitting, 0) AS submitting, coalesce(o.unknown, 0) AS unknown, coalesce(o.dead, 0) AS dead
        FROM lanes l LEFT JOIN queued q ON q.lane_priority = l.priority LEFT JOIN other o ON o.lane = l.lane
        ORDER BY l.priority`.execute(db);
      return result.rows.map((r) => ({
        lane: r.lane,
        queued: r.queued,
        oldestQueuedAt: r.oldest,
        submitting: r.submitting,
        unknown: r.unknown,
        dead: r.dead,
      }));
    },

    /**
     * Queued-to-submitted and queued-to-delivered percentiles per provider and lane, over the last `minutes` (recent
     * messages only).
     */
    async deliveryLatency(minutes: number): Promise<LatencyRow[]> {
      const result = await sql<LatencyRow>`
        SELECT provider, lane, count(*)::int AS delivered,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch
                 FROM submitted_at - queued_at))::numeric, 2)::float8 AS submit_p50,
               round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch
                 FROM submitted_at - queued_at))::numeric, 2)::float8 AS submit_p99,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - queued_at))::numeric,
                 2)::float8 AS deliver_p50,
               round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - queued_at))::numeric,
                 2)::float8 AS deliver_p99
        FROM notify_messages
        -- A primary-key range bounds the scan: the newest 200,000 messages cover an hour at
        -- 50 msg/s and the last 7 minutes at the 500 msg/s of a surge, which is recent enough.
        WHERE id > (SELECT coalesce(max(id), 0) - 200000 FROM notify_messages)
          AND status = 'delivered' AND final_at > now() - ${minutes} * interval '1 minute'
        GROUP BY provider, lane ORDER BY provider, lane`.execute(db);
      return result.rows;
    },

    async deadLetters(limit: number, offset: number): Promise<{ total: number; items: DeadLetterRow[] }> {
      const items = await sql<DeadLetterRow>`
        SELECT id, lane, recipient, attempts, last_error, queued_at, final_at FROM notify_messages
        WHERE status = 'dead' ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
      const total = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM notify_messages WHERE status = 'dead'`.execute(db);
      return { total: total.rows[0]?.n ?? 0, items: items.rows };
    },

    async message(id: number): Promise<{ message: MessageRow; events: EventRow[] } | null> {
      const message = await sql<MessageRow>`
        SELECT id, lane, status, recipient, attempts, provider, provider_message_id, queued_at, submitted_at, final_at,
          last_error
        FROM notify_messages WHERE id = ${id}`.execute(db);
      const row = message.rows[0];
      if (row === undefined) return null;
      const events = await sql<EventRow>`
        SELECT at, kind, provider, provider_message_id, detail FROM notify_events WHERE message_id = ${id}
          ORDER BY id`.execute(db);
      return { message: row, events: events.rows };
    },
  };
}

export type NotifyRepository = ReturnType<typeof notifyRepository>;
