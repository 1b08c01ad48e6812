import type { BackoffOptions } from '../smpp/backoff.ts';
import type { HealthOptions } from './health.ts';

export interface DispatcherTuning {
  /** Claim lease; renewed every third of it (default 15 s). */
  readonly leaseMs: number;
  /**
   * Hold about this much provider time of claimed messages at once (default 200 ms): the
   * most an otp can wait behind bulk messages this dispatcher already holds.
   */
  readonly claimAheadMs: number;
  /**
   * The claim poll when the last claim found the queue empty (default 50 ms: an otp waits
   * 25 ms for its claim on average, and an idle dispatcher runs 20 empty index probes a
   * second); a claim that came back full is followed by the next at once (ADR 0022).
   */
  readonly pollMs: number;
  readonly flushMs: number;
  readonly sweepMs: number;
  readonly receiptGraceMs: number;
  /** Refused submits within one claim before it goes back to the queue with backoff (default 6). */
  readonly immediateTries: number;
  /** Claims refused before a message is dead (default 10). */
  readonly maxAttempts: number;
  /** Between claims of one message: 1 s doubling to 5 min, equal jitter. */
  readonly retryBackoff: BackoffOptions;
  /** Messages no provider could take for this long go back to the queue (default 5 s). */
  readonly holdMs: number;
  readonly responseTimeoutMs: number;
  readonly health: Partial<HealthOptions>;
}

export const defaultTuning: DispatcherTuning = {
  leaseMs: 15_000,
  claimAheadMs: 200,
  pollMs: 50,
  flushMs: 20,
  sweepMs: 1_000,
  receiptGraceMs: 60_000,
  immediateTries: 6,
  maxAttempts: 10,
  retryBackoff: { initialDelayMs: 1_000, maxDelayMs: 300_000, multiplier: 2 },
  holdMs: 5_000,
  responseTimeoutMs: 10_000,
  health: {},
};

// Final states of SMPP 3.4 Appendix B; ENROUTE and ACCEPTD are not final.
export const FINAL_RECEIPT: ReadonlySet<string> = new Set([
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'UNKNOWN',
  'REJECTD',
]);
