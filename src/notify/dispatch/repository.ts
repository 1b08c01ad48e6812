import { sql } from 'kysely';
import { ownTables, type Db } from '../../db/tables.ts';
import type { NotifyTables } from '../db-types.ts';
import type { Lane } from '../db-types.ts';

/** A message the dispatcher has claimed: the intent to submit is recorded. */
export interface ClaimedRow {
  readonly id: number;
  readonly lane: Lane;
  readonly lane_priority: number;
  readonly recipient: string;
  readonly body: string;
  readonly validity_s: number;
  readonly attempts: number;
  readonly queued_at: Date;
}

export interface SubmittedResult {
  readonly id: number;
  readonly provider: string;
  readonly messageId: string;
  readonly at: Date;
}
export interface UnknownResult {
  readonly id: number;
  readonly provider: string;
  readonly at: Date;
  readonly detail: string;
}
export interface FailedResult {
  readonly id: number;
  readonly provider: string | null;
  readonly at: Date;
  readonly detail: string;
}
/** Back to the queue: the SMSCs refused (or never saw) every attempt of this claim. */
export interface Release {
  readonly id: number;
  readonly notBefore: Date;
  readonly detail: string;
  readonly counted: boolean;
}
export interface RetryEvent {
  readonly id: number;
  readonly provider: string;
  readonly at: Date;
  readonly detail: string;
}

export interface ReceiptRow {
  readonly provider: string;
  readonly messageId: string;
  /** The receipt's stat: DELIVRD, UNDELIV, EXPIRED... */
  readonly status: string;
  readonly doneAt: Date;
  readonly errorCode: string | null;
  /** Digits of the handset, no '+'. */
  readonly destination: string;
  readonly textPrefix: string | null;
}

export interface Timing {
  readonly lane: Lane;
  readonly provider: string;
  readonly queued_at: Date;
  readonly at: Date;
}
export interface ReceiptTiming extends Timing {
  readonly delivered: boolean;
}
export interface Settled {
  readonly id: number;
  readonly lane: Lane;
  readonly status: 'queued' | 'dead';
  readonly detail: string;
}

const ms = (value: number) => sql`${value} * interval '1 millisecond'`;

/**
 * Every statement the dispatcher runs. Each write is conditional on the claim
 * (claimed_by = this dispatcher) and on the status, so that a late or repeated write
 * can never move a message backwards or steal one another dispatcher holds.
 */
export function dispatchRepository<All extends NotifyTables>(handle: Db<All>, dispatcherId: string, leaseMs: number) {
  const db = ownTables<NotifyTables, All>(handle);
  return {
    /**
     * Claims the next `limit` due messages, lane by lane then by age (ADR 0022). Rows
     * another dispatcher is claiming at this moment are skipped, not waited for, so two
     * dispatchers never take the same message and never queue behind each other. Returned
     * in claim order (UPDATE ... RETURNING keeps none).
     */
    async claim(limit: number): Promise<ClaimedRow[]> {
      if (limit <= 0) return [];
      const result = await sql<ClaimedRow>`
        WITH next AS (
          SELECT id FROM notify_messages
          WHERE status = 'queued' AND not_before <= now()
          ORDER BY lane_priority, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notify_messages m
        SET status = 'submitting', claimed_by = ${dispatcherId}, claimed_at = now(),
          lease_until = now() + ${ms(leaseMs)}, attempts = m.attempts + 1, provider = NULL, unknown_at = NULL
        FROM next WHERE m.id = next.id
        RETURNING m.id, m.lane, m.lane_priority, m.recipient, m.body, m.validity_s, m.attempts, m.queued_at`.execute(
        db,
      );
      return result.rows.sort((a, b) => a.lane_priority - b.lane_priority || a.id - b.id);
    },

    /**
     * Rows the writer is updating at this moment are skipped, not waited for: they are
     * leaving 'submitting' anyway, and waiting on them in another order than the writer's
     * could deadlock the two statements (seen in bench/sms with 130 messages held).
     */
    async renewLeases(): Promise<number> {
      const result = await sql`
        UPDATE notify_messages m SET lease_until = now() + ${ms(leaseMs)}
        FROM (
          SELECT id FROM notify_messages WHERE status = 'submitting' AND claimed_by = ${dispatcherId}
          FOR UPDATE SKIP LOCKED
        ) AS mine
        WHERE m.id = mine.id`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    async recordSubmitted(rows: readonly SubmittedResult[]): Promise<Timing[]> {
      if (rows.length === 0) return [];
      const result = await sql<Timing>`
        WITH r AS (
          SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.provider)}::text[],
                               ${rows.map((r) => r.messageId)}::text[], ${rows.map((r) => r.at)}::timestamptz[])
            AS r(id, provider, mid, at)
        ), upd AS (
          UPDATE notify_messages m
          SET status = 'submitted', provider = r.provider, provider_message_id = r.mid, submitted_at = r.at,
              lease_until = NULL, unknown_at = NULL
          FROM r WHERE m.id = r.id AND m.claimed_by = ${dispatcherId} AND m.status IN ('submitting', 'unknown')
          RETURNING m.id, m.lane, m.queued_at, r.provider, r.mid, r.at
        ), history AS (
          INSERT INTO notify_events (message_id, at, kind, provider, provider_message_id)
          SELECT id, at, 'submitted', provider, mid FROM upd
        )
        SELECT lane, provider, queued_at, at FROM upd`.execute(db);
      return result.rows;
    },

    /** Sent, and no answer: the SMSC may have it. Never retried from here (see reconciler.ts). */
    async recordUnknown(rows: readonly UnknownResult[]): Promise<number> {
      if (rows.length === 0) return 0;
      const result = await sql`
        WITH r AS (
          SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.provider)}::text[],
                               ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.detail)}::text[])
            AS r(id, provider, at, detail)
        ), upd AS (
          UPDATE notify_messages m
          SET status = 'unknown', provider = r.provider, unknown_at = greatest(m.unknown_at, r.at), lease_until = NULL,
              last_error = r.detail
          FROM r WHERE m.id = r.id AND m.claimed_by = ${dispatcherId} AND m.status IN ('submitting', 'unknown')
          RETURNING m.id, r.provider, r.at, r.detail
        )
        INSERT INTO notify_events (message_id, at, kind, provider, detail)
        SELECT id, at, 'outcome_unknown', provider, detail FROM upd`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** A permanent rejection: final, never retried. */
    async recordFailed(rows: readonly FailedResult[]): Promise<number> {
      if (rows.length === 0) return 0;
      const result = await sql`
        WITH r AS (
          SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.provider)}::text[],
                               ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.detail)}::text[])
            AS r(id, provider, at, detail)
        ), upd AS (
          UPDATE notify_messages m
          SET status = 'failed', provider = r.provider, final_at = r.at, last_error = r.detail, lease_until = NULL
          FROM r WHERE m.id = r.id AND m.claimed_by = ${dispatcherId} AND m.status IN ('submitting', 'unknown')
          RETURNING m.id, r.provider, r.at, r.detail
        )
        INSERT INTO notify_events (message_id, at, kind, provider, detail)
        SELECT id, at, 'failed', provider, detail FROM upd`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Attempts every SMSC refused outright (a throttle, an error status): history only. */
    async recordRetries(rows: readonly RetryEvent[]): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        INSERT INTO notify_events (message_id, at, kind, provider, detail)
        SELECT id, at, 'retry', provider, detail
        FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.at)}::timestamptz[],
                    ${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.detail)}::text[]) AS r(id, at,
                      provider, detail)`.execute(db);
    },

    /**
     * Gives claimed messages back to the queue (with backoff), or to the dead letters once
     * a counted claim reaches maxAttempts. Only for messages no SMSC can hold.
     */
    async release(rows: readonly Release[], maxAttempts: number): Promise<Settled[]> {
      if (rows.length === 0) return [];
      const result = await sql<Settled>`
        WITH r AS (
          SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.notBefore)}::timestamptz[],
                               ${rows.map((r) => r.detail)}::text[], ${rows.map((r) => r.counted)}::boolean[])
            AS r(id, not_before, detail, counted)
        ), upd AS (
          UPDATE notify_messages m
          SET status = CASE WHEN r.counted AND m.attempts >= ${maxAttempts} THEN 'dead' ELSE 'queued' END,
              attempts = m.attempts - CASE WHEN r.counted THEN 0 ELSE 1 END,
              final_at = CASE WHEN r.counted AND m.attempts >= ${maxAttempts} THEN now() END,
              not_before = r.not_before, claimed_by = NULL, lease_until = NULL, unknown_at = NULL, provider = NULL,
              last_error = r.detail
          FROM r WHERE m.id = r.id AND m.claimed_by = ${dispatcherId} AND m.status IN ('submitting', 'unknown')
          RETURNING m.id, m.lane, m.status, r.detail, r.counted
        ), history AS (
          INSERT INTO notify_events (message_id, kind, detail)
          SELECT id, CASE WHEN status = 'dead' THEN 'dead' ELSE 'requeued' END, detail FROM upd WHERE counted
            OR status = 'dead'
        )
        SELECT id, lane, status, detail FROM upd`.execute(db);
      return result.rows;
    },

    /**
     * Applies final receipts by (provider, message id). Receipts naming no known message
     * are kept in notify_unmatched_receipts for the reconciler; repeats are ignored.
     */
    async applyReceipts(rows: readonly ReceiptRow[]): Promise<{ timings: ReceiptTiming[]; unmatched: number }> {
      if (rows.length === 0) return { timings: [], unmatched: 0 };
      const result = await sql<{
        unmatched: number;
        timings: { lane: Lane; provider: string; queued_at: string; at: string; delivered: boolean }[];
      }>`
        WITH r AS (
          SELECT * FROM unnest(${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.messageId)}::text[],
                               ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.doneAt)}::timestamptz[],
                               ${rows.map((r) => r.errorCode)}::text[], ${rows.map((r) => r.destination)}::text[],
                               ${rows.map((r) => r.textPrefix)}::text[])
            AS r(provider, mid, stat, done_at, err, destination, text_prefix)
        ), upd AS (
          UPDATE notify_messages m
          SET status = CASE WHEN r.stat = 'DELIVRD' THEN 'delivered' ELSE 'failed' END,
              -- The SMSC's clock may disagree with ours: keep the figures inside what we saw.
              final_at = least(greatest(r.done_at, m.submitted_at), now()),
              last_error = CASE WHEN r.stat = 'DELIVRD' THEN NULL
                                ELSE 'receipt ' || r.stat || ' err:' || coalesce(r.err, '-') END
          FROM r WHERE m.provider_message_id = r.mid AND m.provider = r.provider AND m.status = 'submitted'
          RETURNING m.id, m.lane, m.provider, m.queued_at, m.final_at, m.status, r.mid, r.stat
        ), history AS (
          INSERT INTO notify_events (message_id, at, kind, provider, provider_message_id, detail)
          SELECT id, final_at, CASE WHEN status = 'delivered' THEN 'delivered' ELSE 'failed' END, provider, mid,
            'receipt ' || stat
          FROM upd
        ), orphans AS (
          INSERT INTO notify_unmatched_receipts (provider, provider_message_id, status, destination, text_prefix,
            done_at, error_code)
          SELECT r.provider, r.mid, r.stat, r.destination, r.text_prefix, r.done_at, r.err FROM r
          WHERE NOT EXISTS (SELECT 1 FROM notify_messages m WHERE m.provider_message_id = r.mid
            AND m.provider = r.provider)
          ON CONFLICT (provider, provider_message_id) DO NOTHING
          RETURNING 1
        )
        SELECT (SELECT count(*)::int FROM orphans) AS unmatched,
               coalesce((SELECT json_agg(json_build_object('lane', lane, 'provider', provider, 'queued_at', queued_at,
                                                           'at', final_at, 'delivered', status = 'delivered'))
                                                             FROM upd), '[]') AS timings`.execute(db);
      const row = result.rows[0];
      return {
        unmatched: row?.unmatched ?? 0,
        timings: (row?.timings ?? []).map((t) => ({ ...t, queued_at: new Date(t.queued_at), at: new Date(t.at) })),
      };
    },
  };
}

export type DispatchRepository = ReturnType<typeof dispatchRepository>;
