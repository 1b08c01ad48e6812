import { unavailable } from '../shared/errors.ts';

export const COMMIT_NOT_REPLICATED = 'SALUS_COMMIT_NOT_REPLICATED';

/**
 * SQLSTATEs after which the server did not acknowledge our work:
 * 25006 read_only_sql_transaction (we reached a replica that is not yet promoted),
 * 57P01 admin_shutdown and 57P02/57P03 (crash shutdown / cannot connect now),
 * 08xxx connection exceptions, 40001 serialization failures, and a commit that
 * returned without the synchronous standby's confirmation (see below).
 */
const NOT_ACKNOWLEDGED = new Set(['25006', '57P01', '57P02', '57P03', '40001', '40P01', COMMIT_NOT_REPLICATED]);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * PostgreSQL commits locally first and then waits for the synchronous standby. If
 * that wait is cancelled (a query cancel, statement_timeout, or the backend being
 * terminated), COMMIT still returns, with only a WARNING:
 *   canceling wait for synchronous replication due to user request
 *   canceling the wait for synchronous replication and terminating connection due to administrator command
 *   DETAIL: The transaction has already committed locally, but might not have been replicated to the standby.
 * Such a commit may vanish in a failover, so it is not an acknowledgement. The
 * cluster runs with lc_messages = 'C' so that these texts are the ones matched here.
 */
export function isSyncReplicationCancel(notice: {
  readonly message?: string;
  readonly detail?: string | undefined;
}): boolean {
  return (
    /wait for synchronous replication/i.test(notice.message ?? '') || /committed locally/i.test(notice.detail ?? '')
  );
}

/** Raised in place of a statement's result when its commit was not confirmed by the standby. */
export class CommitNotReplicatedError extends Error {
  readonly code = COMMIT_NOT_REPLICATED;
  constructor(notice: { readonly message?: string }) {
    super(`The commit was not confirmed by the synchronous standby (${notice.message ?? 'warning'}).`);
    this.name = 'CommitNotReplicatedError';
  }
}

export function isNotAcknowledged(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NOT_ACKNOWLEDGED.has(code) || code.startsWith('08') || CONNECTION_CODES.has(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  // node-postgres reports a dropped socket with these messages and no code; pg-pool says
  // "timeout exceeded when trying to connect" when every connection stayed busy for
  // connectionTimeoutMillis (5 s): an overloaded database, which the client may retry.
  return CONNECTION_LOST.test(message);
}

// The messages above, any of them, in any case (no regex metacharacters in the parts).
const CONNECTION_LOST = new RegExp(
  [
    'Connection terminated',
    'connection timeout',
    'Client has encountered a connection error',
    'timeout exceeded when trying to connect',
  ].join('|'),
  'i',
);

export interface RetryOptions {
  /** Only idempotent work is retried; anything else fails clearly once. */
  readonly idempotent: boolean;
  /** Failover with Patroni takes up to ~15 s, so the default budget covers that. */
  readonly budgetMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, retrying it with capped exponential backoff when the database did not
 * acknowledge it. Non-idempotent work that was not acknowledged surfaces as a 503
 * "unavailable" error so that the caller knows the outcome is unknown and may retry.
 */
export async function withDbRetry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const budgetMs = options.budgetMs ?? 20_000;
  const sleep = options.sleep ?? defaultSleep;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isNotAcknowledged(error)) throw error;
      const elapsed = Date.now() - started;
      const backoff = Math.min(2_000, 50 * 2 ** attempt);
      const pause = backoff / 2 + Math.random() * (backoff / 2);
      // A pause that would end past the budget is not taken: the caller's answer (503) comes within the budget,
      // not up to a 2 s backoff after it (a 3 s budget answered in 4.5 s in the failover drill's gap).
      if (!options.idempotent || elapsed + pause >= budgetMs) {
        throw unavailable('The database did not confirm this operation. Please try again in a few seconds.', 2, error);
      }
      await sleep(pause);
    }
  }
}
