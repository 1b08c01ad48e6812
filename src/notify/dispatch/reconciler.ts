import type { Logger } from '../smpp/logger.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type { ProviderLink } from './provider.ts';
import type { ReconcilerRepository } from './reconciler-repository.ts';
import type { Settled } from './repository.ts';
import type { ResultWriter } from './writer.ts';

export interface ReconcilerOptions {
  readonly repo: ReconcilerRepository;
  readonly writer: ResultWriter;
  readonly providers: readonly ProviderLink[];
  readonly metrics: NotifyMetrics;
  readonly logger: Logger;
  /**
   * How long after a message's validity period its receipt may still take to reach us,
   * counted while the provider is bound (default 60 s; simulators send it within 0.5 s).
   */
  readonly receiptGraceMs: number;
  readonly maxAttempts: number;
  readonly onSettled: (settled: readonly Settled[]) => void;
}

const PURGE_EVERY_MS = 3_600_000;

/**
 * Turns what a crash or a lost answer left behind back into facts, in this order:
 * 1. claims whose lease ran out become 'unknown' (their dispatcher may have submitted);
 * 2. receipts that arrived before their submit result was written are applied;
 * 3. receipts naming a message id we never learned resolve an 'unknown' message: the SMSC
 *    accepted it, so it is 'submitted' and then final, and it is never sent again;
 * 4. an 'unknown' message with no receipt once its validity period and the grace have
 *    passed, while its provider stayed bound for the grace, goes back to the queue: if the
 *    SMSC had accepted it, it would have delivered or expired it and said so by then.
 * Each step is a conditional update, so several dispatchers may sweep at once.
 */
export class Reconciler {
  readonly #options: ReconcilerOptions;
  #lastPurge = 0;

  constructor(options: ReconcilerOptions) {
    this.#options = options;
  }

  async sweep(): Promise<void> {
    const { repo, writer, metrics, logger, providers, receiptGraceMs } = this.#options;
    // Receipts still in memory must be in the table before step 4 judges their absence.
    await writer.flush();
    const expired = await repo.expireLeases();
    if (expired > 0) {
      metrics.outcomeUnknown.inc({ reason: 'lease_expired' }, expired);
      logger.warn(
        { messages: expired },
        'notify: claims of a stopped dispatcher expired; outcomes unknown until receipts or validity say',
      );
    }
    metrics.observeFinal(await repo.applyLateReceipts());
    const resolved = await repo.resolveUnknownByReceipt();
    if (resolved.length > 0) {
      metrics.observeFinal(resolved);
      logger.info(
        { messages: resolved.length },
        'notify: unknown outcomes resolved by delivery receipts (accepted, not resent)',
      );
    }
    const now = performance.now();
    const settled = providers
      .filter((p) => p.boundSince !== null && now - p.boundSince >= receiptGraceMs)
      .map((p) => p.id);
    const requeued = await repo.requeueExpiredUnknown(
      settled,
      settled.length === providers.length,
      receiptGraceMs,
      this.#options.maxAttempts,
    );
    if (requeued.length > 0) {
      logger.warn(
        { messages: requeued.length },
        'notify: unknown outcomes past validity with no receipt: not accepted, queued again',
      );
      this.#options.onSettled(requeued);
    }
    if (Date.now() - this.#lastPurge > PURGE_EVERY_MS) {
      this.#lastPurge = Date.now();
      await repo.purgeUnmatched();
    }
  }
}
