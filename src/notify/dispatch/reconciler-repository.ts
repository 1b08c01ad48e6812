import { sql } from 'kysely';
import { ownTables, type Db } from '../../db/tables.ts';
import type { NotifyTables } from '../db-types.ts';
import { dispatchRepository, type ReceiptRow, type ReceiptTiming, type Settled } from './repository.ts';

interface OrphanRow {
  readonly id: number;
  readonly provider: string;
  readonly provider_message_id: string;
  readonly status: string;
  readonly destination: string;
  readonly text_prefix: string | null;
  readonly done_at: Date;
  readonly error_code: string | null;
}

const toReceipt = (o: OrphanRow): ReceiptRow => ({
  provider: o.provider,
  messageId: o.provider_message_id,
  status: o.status,
  doneAt: o.done_at,
  errorCode: o.error_code,
  destination: o.destination,
  textPrefix: o.text_prefix,
});

/** The reconciler's statements: turning lost claims and stray receipts back into facts. */
export function reconcilerRepository<All extends NotifyTables>(handle: Db<All>, dispatcherId: string, leaseMs: number) {
  const db = ownTables<NotifyTables, All>(handle);
  return {
    /** Claims whose dispatcher stopped renewing them: it may have submitted, so the outcome is unknown. */
    async expireLeases(): Promise<number> {
      const result = await sql`
        WITH upd AS (
          UPDATE notify_messages SET status = 'unknown', unknown_at = now(), lease_until = NULL,
                 last_error = 'claim lease expired'
          WHERE status = 'submitting' AND lease_until < now()
          RETURNING id
        )
        INSERT INTO notify_events (message_id, kind, detail)
        SELECT id, 'outcome_unknown', 'claim lease expired: its dispatcher stopped between the intent and the answer'
          FROM upd`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Receipts that came before their submit result was written: apply them now. */
    async applyLateReceipts(): Promise<ReceiptTiming[]> {
      return db.transaction().execute(async (trx) => {
        const taken = await sql<OrphanRow>`
          DELETE FROM notify_unmatched_receipts u
          WHERE u.id IN (
            SELECT u2.id FROM notify_unmatched_receipts u2
            WHERE EXISTS (SELECT 1 FROM notify_messages m WHERE m.provider_message_id = u2.provider_message_id
              AND m.provider = u2.provider)
            LIMIT 1000 FOR UPDATE SKIP LOCKED)
          RETURNING u.*`.execute(trx);
        if (taken.rows.length === 0) return [];
        const applied = await dispatchRepository(trx, dispatcherId, leaseMs).applyReceipts(taken.rows.map(toReceipt));
        return applied.timings;
      });
    },

    /**
     * Receipts for messages whose submit_sm_resp was lost: the receipt proves the SMSC
     * accepted the message, so the 'unknown' message becomes submitted and then final.
     * Matched on the handset and the provider (if known), preferring a message whose text
     * starts with the echoed text, then the oldest. Returns how many were resolved.
     */
    async resolveUnknownByReceipt(limit = 200): Promise<ReceiptTiming[]> {
      const orphans = await sql<OrphanRow>`
        SELECT u.* FROM notify_unmatched_receipts u
        WHERE EXISTS (SELECT 1 FROM notify_messages m WHERE m.status = 'unknown' AND m.recipient = '+' || u.destination)
        ORDER BY u.id LIMIT ${limit}`.execute(db);
      const timings: ReceiptTiming[] = [];
      for (const orphan of orphans.rows) {
        const prefix = orphan.text_prefix ?? '';
        const resolved = await db.transaction().execute(async (trx) => {
          const target = await sql<{ id: number }>`
            WITH target AS (
              SELECT id FROM notify_messages
              WHERE status = 'unknown' AND recipient = '+' || ${orphan.destination}
                AND (provider IS NULL OR provider = ${orphan.provider})
              ORDER BY (${prefix} <> '' AND left(body, length(${prefix})) = ${prefix}) DESC, unknown_at, id
              LIMIT 1
              FOR UPDATE SKIP LOCKED
            ), upd AS (
              UPDATE notify_messages m
              SET status = 'submitted', provider = ${orphan.provider},
                provider_message_id = ${orphan.provider_message_id},
                  submitted_at = coalesce(m.claimed_at, m.unknown_at), lease_until = NULL, unknown_at = NULL
              FROM target WHERE m.id = target.id
              RETURNING m.id
            ), history AS (
              INSERT INTO notify_events (message_id, kind, provider, provider_message_id, detail)
              SELECT id, 'submitted', ${orphan.provider}, ${orphan.provider_message_id},
                     'accepted although the answer was lost: learned from its delivery receipt' FROM upd
            )
            SELECT id FROM upd`.execute(trx);
          if (target.rows.length === 0) return [];
          await sql`DELETE FROM notify_unmatched_receipts WHERE id = ${orphan.id}`.execute(trx);
          return (await dispatchRepository(trx, dispatcherId, leaseMs).applyReceipts([toReceipt(orphan)])).timings;
        });
        timings.push(...resolved);
      }
      return timings;
    },

    /**
     * Unknown messages whose validity period and grace have passed while their provider
     * (or, if not known, every provider) kept a bound session for the grace: had an SMSC
     * accepted them, its receipt would be here. They go back to the queue, or to the dead
     * letters after maxAttempts.
     */
    async requeueExpiredUnknown(
      settled: readonly string[],
      allSettled: boolean,
      graceMs: number,
      maxAttempts: number,
    ): Promise<Settled[]> {
      const detail = 'no receipt within the validity period and grace: the message was not accepted';
      const result = await sql<Settled>`
        WITH upd AS (
          UPDATE notify_messages m
          SET status = CASE WHEN m.attempts >= ${maxAttempts} THEN 'dead' ELSE 'queued' END,
              final_at = CASE WHEN m.attempts >= ${maxAttempts} THEN now() END,
              not_before = now(), claimed_by = NULL, unknown_at = NULL, provider = NULL, last_error = ${detail}
          WHERE m.status = 'unknown'
            AND m.unknown_at + m.validity_s * interval '1 second' + ${graceMs} * interval '1 millisecond' <= now()
            AND (m.provider = ANY(${settled}::text[]) OR (m.provider IS NULL AND ${allSettled}))
          RETURNING m.id, m.lane, m.status
        ), history AS (
          INSERT INTO notify_events (message_id, kind, detail)
          SELECT id, CASE WHEN status = 'dead' THEN 'dead' ELSE 'requeued' END, ${detail} FROM upd
        )
        SELECT id, lane, status, ${detail} AS detail FROM upd`.execute(db);
      return result.rows;
    },

    /** Stray receipts are kept a week for inquiries, then dropped. */
    async purgeUnmatched(): Promise<number> {
      const result =
        await sql`DELETE FROM notify_unmatched_receipts WHERE received_at < now() - interval '7 days'`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}

export type ReconcilerRepository = ReturnType<typeof reconcilerRepository>;
