import type { Logger } from '../smpp/logger.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type {
  DispatchRepository,
  FailedResult,
  ReceiptRow,
  Release,
  RetryEvent,
  Settled,
  SubmittedResult,
  UnknownResult,
} from './repository.ts';

interface PendingReceipt {
  readonly row: ReceiptRow;
  readonly stored: () => void;
  readonly lost: (error: unknown) => void;
}

interface Buffers {
  submitted: SubmittedResult[];
  unknown: UnknownResult[];
  failed: FailedResult[];
  releases: Release[];
  retries: RetryEvent[];
  receipts: PendingReceipt[];
}

// The SMSC keeps at most ~10 receipts unacknowledged per session (the simulator's window),
// and each waits for its flush: flush at once when that many wait, not after flushMs.
const RECEIPTS_FLUSH_NOW = 8;

const empty = (): Buffers => ({ submitted: [], unknown: [], failed: [], releases: [], retries: [], receipts: [] });

export interface WriterOptions {
  readonly repo: DispatchRepository;
  readonly metrics: NotifyMetrics;
  readonly logger: Logger;
  readonly maxAttempts: number;
  /** Batching delay: at 500 msg/s, 20 ms makes ~10-row statements instead of 1-row ones. */
  readonly flushMs: number;
  readonly onSettled: (settled: readonly Settled[]) => void;
}

/**
 * Writes outcomes in batches. Nothing here is needed for safety before the next submit:
 * the intent (the claim) is already durable, and an outcome lost in a crash turns into
 * 'unknown' and is reconciled. Batching is what keeps 500 msg/s at ~10 statements/s.
 * Results go before receipts so that a receipt finds its message id in the same flush.
 */
export class ResultWriter {
  readonly #options: WriterOptions;
  #buffers = empty();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #failures = 0;

  constructor(options: WriterOptions) {
    this.#options = options;
  }

  get pending(): number {
    const b = this.#buffers;
    return (
      b.submitted.length + b.unknown.length + b.failed.length + b.releases.length + b.retries.length + b.receipts.length
    );
  }

  submitted(result: SubmittedResult): void {
    this.#buffers.submitted.push(result);
    this.#schedule();
  }
  unknown(result: UnknownResult): void {
    this.#buffers.unknown.push(result);
    this.#schedule();
  }
  failed(result: FailedResult): void {
    this.#buffers.failed.push(result);
    this.#schedule();
  }
  release(release: Release): void {
    this.#buffers.releases.push(release);
    this.#schedule();
  }
  retry(event: RetryEvent): void {
    this.#buffers.retries.push(event);
    this.#schedule();
  }
  /** Resolves once the receipt is stored, so that it can be acknowledged; rejects if it could not be. */
  receipt(row: ReceiptRow): Promise<void> {
    return new Promise((stored, lost) => {
      this.#buffers.receipts.push({ row, stored, lost });
      if (this.#buffers.receipts.length >= RECEIPTS_FLUSH_NOW) this.#schedule(0);
      else this.#schedule();
    });
  }

  /** Writes everything buffered so far (and waits for a flush in progress). Throws if the database refuses. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    if (this.pending === 0) return;
    const batch = this.#buffers;
    this.#buffers = empty();
    this.#flushing = this.#write(batch)
      .then(
        () => {
          for (const r of batch.receipts) r.stored();
        },
        (error: unknown) => {
          // Receipts are refused, so the SMSC sends them again; the rest goes back in front
          // (every write is conditional, so writing twice is harmless).
          for (const r of batch.receipts) r.lost(error);
          const b = this.#buffers;
          b.submitted.unshift(...batch.submitted);
          b.unknown.unshift(...batch.unknown);
          b.failed.unshift(...batch.failed);
          b.releases.unshift(...batch.releases);
          b.retries.unshift(...batch.retries);
          throw error;
        },
      )
      .finally(() => {
        this.#flushing = null;
      });
    await this.#flushing;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(delayMs = this.#options.flushMs): void {
    if (this.#timer) {
      if (delayMs > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush().then(
        () => {
          this.#failures = 0;
        },
        (error: unknown) => {
          this.#failures += 1;
          this.#options.logger.warn(
            { err: error, failures: this.#failures, pending: this.pending },
            'notify: writing outcomes failed, retrying',
          );
          // 100 ms doubling to 5 s: a failover of the database takes ~15 s.
          this.#schedule(Math.min(5_000, 100 * 2 ** Math.min(6, this.#failures)));
        },
      );
    }, delayMs);
  }

  async #write(batch: Buffers): Promise<void> {
    const { repo, metrics, maxAttempts } = this.#options;
    metrics.observeSubmitted(await repo.recordSubmitted(batch.submitted));
    await repo.recordUnknown(batch.unknown);
    await repo.recordFailed(batch.failed);
    await repo.recordRetries(batch.retries); // before the release, so history never lags the status
    const settled = await repo.release(batch.releases, maxAttempts);
    const receipts = await repo.applyReceipts(dedupe(batch.receipts.map((r) => r.row)));
    metrics.observeFinal(receipts.timings);
    if (receipts.unmatched > 0) metrics.unmatchedReceipts.inc(receipts.unmatched);
    this.#options.onSettled(settled);
  }
}

// An SMSC may send a receipt again (e.g. after a reconnect); the first one counts.
function dedupe(receipts: readonly ReceiptRow[]): ReceiptRow[] {
  const seen = new Set<string>();
  return receipts.filter((r) => {
    const key = `${r.provider}\u0000${r.messageId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
