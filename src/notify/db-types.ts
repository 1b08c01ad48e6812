import type { ColumnType, Generated } from 'kysely';
import type { Lane } from '../shared/outbox.ts';

/**
 * Kysely's view of the notify tables (migrations/0003_notify.sql, 0013, 0039): the repositories take a
 * handle holding them (src/db/tables.ts). The notify code itself runs its SQL through the
 * `sql` tag (see repository.ts and dispatch/repository.ts): the statements that matter
 * (conditional claims with SKIP LOCKED, batched unnest updates) read best as SQL.
 */
export interface NotifyTables {
  notify_messages: NotifyMessagesTable;
  notify_events: NotifyEventsTable;
  notify_unmatched_receipts: NotifyUnmatchedReceiptsTable;
}

/** The lanes are part of the outbox contract other modules send through: defined once, in shared/outbox.ts. */
export type { Lane };

export type MessageStatus = 'queued' | 'submitting' | 'unknown' | 'submitted' | 'delivered' | 'failed' | 'dead';

export type EventKind =
  'queued' | 'retry' | 'submitted' | 'outcome_unknown' | 'requeued' | 'delivered' | 'failed' | 'dead';

export interface NotifyMessagesTable {
  id: Generated<number>;
  idempotency_key: string;
  lane: Lane;
  lane_priority: ColumnType<number, never, never>;
  recipient: string;
  body: string;
  validity_s: number;
  status: Generated<MessageStatus>;
  attempts: Generated<number>;
  not_before: Generated<Date>;
  queued_at: Generated<Date>;
  claimed_by: string | null;
  claimed_at: Date | null;
  lease_until: Date | null;
  unknown_at: Date | null;
  provider: string | null;
  provider_message_id: string | null;
  submitted_at: Date | null;
  final_at: Date | null;
  last_error: string | null;
}

export interface NotifyEventsTable {
  id: Generated<number>;
  message_id: number;
  at: Generated<Date>;
  kind: EventKind;
  provider: string | null;
  provider_message_id: string | null;
  detail: string | null;
}

export interface NotifyUnmatchedReceiptsTable {
  id: Generated<number>;
  provider: string;
  provider_message_id: string;
  status: string;
  destination: string;
  text_prefix: string | null;
  done_at: Date;
  error_code: string | null;
  received_at: Generated<Date>;
}
