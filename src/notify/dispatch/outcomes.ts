import type { NotifyMetrics } from '../metrics.ts';
import type { DeliveryReceipt } from '../smpp/client.ts';
import { SubmitError } from '../smpp/errors.ts';
import type { Logger } from '../smpp/logger.ts';
import type { FailoverLog } from './failover.ts';
import type { TripReason } from './health.ts';
import type { ProviderLink } from './provider.ts';
import type { Held } from './ready-queue.ts';
import type { Settled } from './repository.ts';
import { FINAL_RECEIPT } from './tuning.ts';
import type { ResultWriter } from './writer.ts';

export interface OutcomeDeps {
  readonly writer: ResultWriter;
  readonly metrics: NotifyMetrics;
  readonly failover: FailoverLog;
  readonly log: Logger;
  /** Submits refused outright in a row before the message goes back to the queue with a backoff. */
  readonly immediateTries: number;
  readonly stopping: () => boolean;
  /** Gives the message back (dispatcher.ts #release); `counted`: the claim counts as an attempt. */
  readonly release: (held: Held, detail: string, counted: boolean) => void;
  /** Holds the message for another submit now, on another provider first. */
  readonly retry: (held: Held) => void;
}

/**
 * What the dispatcher does with the outcome of a submit and with a delivery receipt: the rules 2 and 3 of the
 * no-duplicate guarantee (dispatcher.ts): only a submit refused outright may be retried; an answer never read makes
 * the message 'unknown'.
 */
export class SubmitOutcomes {
  readonly #deps: OutcomeDeps;

  constructor(deps: OutcomeDeps) {
    this.#deps = deps;
  }

  /** Submits `held` on `p` (a token of its rate taken); settles with the outcome written, never rejects. */
  submit(p: ProviderLink, held: Held, now: number): Promise<void> {
    p.bucket.tryTake(now);
    p.health.sending(now);
    p.inFlight += 1;
    return p.client
      .submit({ to: held.recipient, text: held.body, reference: String(held.id), validityMs: held.validityMs })
      .then(
        (result) => {
          this.accepted(p, held, result.messageId);
        },
        (error: unknown) => {
          this.refused(p, held, error);
        },
      )
      .catch((error: unknown) => {
        this.#deps.log.error({ err: error, messageId: held.id }, 'notify: handling a submit outcome failed');
      })
      .finally(() => {
        p.inFlight -= 1;
      });
  }

  accepted(p: ProviderLink, held: Held, messageId: string): void {
    this.#deps.metrics.submits.inc({ provider: p.id, outcome: 'accepted' });
    if (p.health.accepted(performance.now(), messageId) === 'recovered')
      this.#deps.failover.recovered(p, 'probe accepted');
    this.#deps.writer.submitted({ id: held.id, provider: p.id, messageId, at: new Date() });
  }

  refused(p: ProviderLink, held: Held, error: unknown): void {
    const now = performance.now();
    const at = new Date();
    if (!(error instanceof SubmitError) || error.kind === 'permanent') {
      // The message itself is wrong (unroutable number, bad encoding): final, no retries.
      p.health.released();
      this.#deps.metrics.submits.inc({ provider: p.id, outcome: 'rejected' });
      this.#deps.writer.failed({
        id: held.id,
        provider: p.id,
        at,
        detail: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    if (error.maybeAccepted) {
      this.#deps.metrics.submits.inc({ provider: p.id, outcome: 'unknown' });
      this.#deps.metrics.outcomeUnknown.inc({ reason: error.reason });
      this.#deps.writer.unknown({ id: held.id, provider: p.id, at, detail: error.message });
      const trip = p.health.failed(now);
      if (trip) this.#deps.failover.tripped(p, trip);
      return;
    }
    if (error.reason === 'closed' && this.#deps.stopping()) {
      p.health.released();
      this.#deps.release(held, 'dispatcher stopped before sending it', held.tries > 0);
      return;
    }
    // Refused outright or never sent: safe to try again, on the other provider first.
    this.#deps.metrics.submits.inc({ provider: p.id, outcome: error.kind });
    let trip: TripReason | null;
    if (error.kind === 'throttled') {
      p.bucket.refund();
      trip = p.health.throttled(now);
    } else {
      trip = p.health.failed(now);
    }
    if (trip) this.#deps.failover.tripped(p, trip);
    this.#deps.writer.retry({ id: held.id, provider: p.id, at, detail: error.message });
    held.tries += 1;
    held.refusedBy = p.id;
    if (held.tries >= this.#deps.immediateTries || this.#deps.stopping()) this.#deps.release(held, error.message, true);
    else this.#deps.retry(held);
  }

  /** Receipts are acknowledged once stored: a crash cannot lose one the SMSC thinks we have (see 3a above). */
  receipt(p: ProviderLink, receipt: DeliveryReceipt): Promise<void> {
    if (!FINAL_RECEIPT.has(receipt.status)) return Promise.resolve();
    const stored = this.#deps.writer.receipt({
      provider: p.id,
      messageId: receipt.messageId,
      status: receipt.status,
      doneAt: receipt.doneAt,
      errorCode: receipt.errorCode,
      destination: receipt.destination.replace(/\D/g, ''),
      textPrefix: receipt.textPrefix,
    });
    return stored.then(() => {
      p.health.receipt(receipt.messageId);
      this.#deps.metrics.receipts.inc({ provider: p.id, status: receipt.status });
    });
  }

  alertDead(settled: readonly Settled[]): void {
    for (const s of settled) {
      if (s.status !== 'dead') continue;
      this.#deps.metrics.deadLetters.inc({ lane: s.lane });
      this.#deps.log.error(
        { messageId: s.id, lane: s.lane, reason: s.detail },
        'notify: message moved to the dead letters',
      );
    }
  }
}
