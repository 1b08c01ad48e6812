import type { QueryExecutorProvider } from 'kysely';

/**
 * Message lanes, served in this order: a bulk backlog never delays a verification code. The one definition:
 * notify's tables and metrics use this type too.
 */
export type Lane = 'otp' | 'appointment' | 'reminder' | 'bulk';

export interface OutboxMessage {
  readonly lane: Lane;
  /** E.164 mobile number. */
  readonly to: string;
  readonly text: string;
  /** A retry with the same key never sends twice. */
  readonly idempotencyKey: string;
  /** How long the SMSC may keep trying (SMPP validity_period); the lane's default when absent. */
  readonly validitySeconds?: number;
}

/**
 * The transactional outbox as other modules see it: `enqueue` takes the caller's
 * transaction, so a message exists if and only if the business change committed. The transaction may be typed
 * with the caller's tables only: the outbox's rows go in the same connection.
 */
export interface Outbox {
  /** `trx` is any Kysely instance or transaction: shared/ knows no module's tables (docs/adr/0008). */
  enqueue(trx: QueryExecutorProvider, message: OutboxMessage): Promise<void>;
}
