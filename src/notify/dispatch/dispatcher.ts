import { randomUUID } from 'node:crypto';
import type { NotifyTables } from '../db-types.ts';
import type { NotifyMetrics } from '../metrics.ts';
import { backoffDelay } from '../smpp/backoff.ts';
import { silentLogger, type Logger } from '../smpp/logger.ts';
import { Supervision, type Supervisor } from '../../shared/supervisor.ts';
import { startClaimLoop, SEND_WORKER, type ClaimLoop } from './claim-loop.ts';
import { FailoverLog } from './failover.ts';
import { ProviderLink, type ProviderStatus } from './provider.ts';

export type { ProviderStatus } from './provider.ts';
import { ReadyQueue, toHeld, type Held } from './ready-queue.ts';
import { Reconciler } from './reconciler.ts';
import { reconcilerRepository, type ReconcilerRepository } from './reconciler-repository.ts';
import { dispatchRepository, type DispatchRepository, type Settled } from './repository.ts';
import { defaultTuning, type DispatcherTuning } from './tuning.ts';
import { ResultWriter } from './writer.ts';
import { SubmitOutcomes } from './outcomes.ts';
import type { DispatcherOptions } from './options.ts';

export { defaultTuning, type DispatcherTuning } from './tuning.ts';
export type { DispatcherOptions } from './options.ts';

/*
 * THE NO-DUPLICATE GUARANTEE. SMPP has no idempotency: an SMSC that took a submit_sm
 * whose answer we never read (timeout, dropped link, our crash) will deliver it, and
 * nothing in the protocol lets us ask about a message whose id we never learned. So:
 *
 * 1. Intent first. A message is submitted only while this dispatcher holds a claim on it
 *    in the database (status 'submitting', claimed_by = us, lease_until in the future),
 *    and only while the lease is valid by our own conservative clock (#fence): a
 *    dispatcher paused past its lease never submits on it.
 * 2. A claimed message returns to 'queued' only if every submit of the claim was refused
 *    outright: a submit_sm_resp with an error status, or proof it never left this process.
 * 3. Any other outcome (no answer in time, link lost after sending, the process killed,
 *    which the reconciler sees as an expired lease) makes it 'unknown'. An 'unknown'
 *    message is never submitted again until either
 *    a. a delivery receipt shows an SMSC accepted it: it becomes submitted/delivered, and
 *       is never sent again; or
 *    b. its validity period (sent as SMPP validity_period) plus a grace has passed while
 *       its provider was bound for the grace, with no receipt. Had the SMSC accepted it, it
 *       would by then have delivered it (receipt DELIVRD) or dropped it for good (EXPIRED).
 *       Only then is it queued again.
 *
 * Hence: no message reaches a handset twice, provided the SMSC honours validity_period and
 * sends the receipt it owes for every message it accepted (SMPP registered_delivery; the
 * simulator and real SMSCs store and forward them across reconnections, and we acknowledge
 * a receipt only once it is stored, so a crash loses none). A provider that
 * breaks that rule can cause one duplicate after 3b, and the stray receipt that proves it
 * is counted (notify_receipts_unmatched_total). No message is lost either: each one ends
 * delivered, failed (permanent rejection or a failure receipt) or dead (maxAttempts claims
 * refused), and the dead letters are logged at error level and counted.
 */

/** A dispatcher on `db`; call start() to bind and begin. */
export function createDispatcher<DB extends NotifyTables>(options: DispatcherOptions<DB>): Dispatcher {
  const id = options.id ?? randomUUID();
  const tuning = { ...defaultTuning, ...options.tuning };
  return new Dispatcher({
    ...options,
    id,
    tuning,
    repo: dispatchRepository(options.db, id, tuning.leaseMs),
    reconcilerRepo: reconcilerRepository(options.db, id, tuning.leaseMs),
  });
}

interface Parts extends Omit<DispatcherOptions<never>, 'db' | 'tuning'> {
  readonly id: string;
  readonly tuning: DispatcherTuning;
  readonly repo: DispatchRepository;
  readonly reconcilerRepo: ReconcilerRepository;
}

/** A claim pass that has not answered in this long is abandoned (a half-closed connection). */
const CLAIM_PASS_TIMEOUT_MS = 30_000;

export class Dispatcher {
  readonly id: string;
  readonly #tuning: DispatcherTuning;
  readonly #log: Logger;
  readonly #metrics: NotifyMetrics;
  readonly #random: () => number;
  readonly #providers: ProviderLink[];
  readonly #repo: DispatchRepository;
  readonly #writer: ResultWriter;
  readonly #reconciler: Reconciler;
  readonly #failover: FailoverLog;
  readonly #outcomes: SubmitOutcomes;
  readonly #ready = new ReadyQueue();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #claimLoop: Supervisor;
  #loop: ClaimLoop | null = null;
  #pumpTimer: NodeJS.Timeout | null = null;
  #sweepRun: Promise<void> | null = null;
  #stopping = false;
  #renewedFrom = -Infinity;

  constructor(options: Parts) {
    this.id = options.id;
    this.#tuning = options.tuning;
    this.#log = options.logger ?? silentLogger;
    this.#metrics = options.metrics;
    this.#random = options.random ?? Math.random;
    this.#repo = options.repo;
    const onSettled = (settled: readonly Settled[]): void => {
      this.#outcomes.alertDead(settled);
    };
    this.#writer = new ResultWriter({
      repo: this.#repo,
      metrics: this.#metrics,
      logger: this.#log,
      maxAttempts: this.#tuning.maxAttempts,
      flushMs: this.#tuning.flushMs,
      onSettled,
    });
    this.#providers = options.providers.map(
      (settings) =>
        new ProviderLink({
          settings,
          sender: options.sender,
          logger: this.#log,
          health: this.#tuning.health,
          responseTimeoutMs: this.#tuning.responseTimeoutMs,
          random: this.#random,
          onReceipt: (p, receipt) => this.#outcomes.receipt(p, receipt),
        }),
    );
    this.#failover = new FailoverLog(this.#providers, this.#metrics, this.#log);
    this.#outcomes = new SubmitOutcomes({
      writer: this.#writer,
      metrics: this.#metrics,
      failover: this.#failover,
      log: this.#log,
      immediateTries: this.#tuning.immediateTries,
      stopping: () => this.#stopping,
      release: (held, detail, counted) => {
        this.#release(held, detail, counted);
      },
      retry: (held) => {
        this.#ready.push(held);
      },
    });
    const supervision = options.supervision ?? new Supervision({ log: this.#log });
    this.#claimLoop = supervision.supervise(SEND_WORKER, () => {
      this.#loop = startClaimLoop({
        pass: () => this.#claimPass(),
        intervalMs: this.#tuning.pollMs,
        passTimeoutMs: CLAIM_PASS_TIMEOUT_MS,
      });
      return Promise.resolve(this.#loop);
    });
    this.#reconciler = new Reconciler({
      repo: options.reconcilerRepo,
      writer: this.#writer,
      providers: this.#providers,
      metrics: this.#metrics,
      logger: this.#log,
      receiptGraceMs: this.#tuning.receiptGraceMs,
      maxAttempts: this.#tuning.maxAttempts,
      onSettled,
    });
  }

  /** Binds to every provider (in the background) and starts claiming; resolves at once. */
  async start(): Promise<void> {
    for (const p of this.#providers) {
      p.client.on('state', (state) => {
        if (!this.#failover.state(p, state, this.#stopping)) return;
        this.#pump();
        this.#loop?.kick();
      });
      p.client.start();
    }
    await this.#renew();
    await this.#claimLoop.start();
    this.#every(this.#tuning.pollMs, () => {
      this.#tick();
    });
    this.#every(this.#tuning.leaseMs / 3, () => {
      void this.#renew();
    });
    this.#every(this.#tuning.sweepMs, () => {
      void this.sweep();
    });
    void this.sweep(); // a predecessor's expired claims first
  }

  /**
   * One claim: about claimAheadMs of the usable providers' summed rate, topped up once
   * half of it has gone out, so that an otp that just arrived finds at most that much bulk
   * held ahead of it here. True when the claim came back full (more may be due).
   */
  async #claimPass(): Promise<boolean> {
    const now = performance.now();
    const wanted = this.#claimRoom(now);
    if (wanted === 0) return false;
    const rows = await this.#repo.claim(wanted);
    for (const row of rows) {
      const held = toHeld(row, now);
      // Claimed while stopping: give it straight back rather than let its lease run out.
      if (this.#stopping) this.#release(held, 'dispatcher stopped before sending it', false);
      else this.#ready.push(held);
    }
    this.#pump();
    return rows.length === wanted;
  }

  /** How many messages to claim now: 0 while no provider is usable or half the claim-ahead is still held. */
  #claimRoom(now: number): number {
    if (this.#stopping) return 0;
    const rate = this.#providers.filter((p) => p.usable(now)).reduce((sum, p) => sum + p.bucket.rate, 0);
    if (rate === 0) return 0;
    // 500 msg/s and 200 ms: 100 held at most (5 at the least, for slow providers).
    const target = Math.min(500, Math.max(5, Math.ceil((rate * this.#tuning.claimAheadMs) / 1_000)));
    return this.#ready.size >= Math.ceil(target / 2) ? 0 : target - this.#ready.size;
  }

  /** Resolves once these providers (default: all) are bound. */
  async waitUntilBound(timeoutMs = 10_000, ids?: readonly string[]): Promise<void> {
    const wanted = this.#providers.filter((p) => ids === undefined || ids.includes(p.id));
    await Promise.all(wanted.map((p) => p.client.waitUntilBound(timeoutMs)));
  }

  providers(): ProviderStatus[] {
    const now = performance.now();
    return this.#providers.map((p) => ({ id: p.id, state: p.state(now), rate: p.bucket.rate, inFlight: p.inFlight }));
  }

  /** Runs the reconciler once (it also runs every sweepMs). */
  sweep(): Promise<void> {
    if (this.#sweepRun !== null || this.#stopping) return this.#sweepRun ?? Promise.resolve();
    this.#sweepRun = this.#sweepOnce().finally(() => {
      this.#sweepRun = null;
    });
    return this.#sweepRun;
  }

  async #sweepOnce(): Promise<void> {
    try {
      await this.#reconciler.sweep();
      const now = performance.now();
      for (const p of this.#providers) {
        const trip = p.health.checkReceipts(now);
        if (trip) this.#failover.tripped(p, trip);
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'notify: reconciliation failed; next sweep retries');
    }
  }

  /** Stops claiming, lets submits in flight finish, gives back what was not sent, writes all outcomes. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await this.#claimLoop.stop();
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#pumpTimer) clearTimeout(this.#pumpTimer);
    for (const held of this.#ready.drain()) this.#release(held, 'dispatcher stopped before sending it', held.tries > 0);
    await Promise.allSettled([...this.#inFlight, this.#sweepRun]);
    this.#writer.stop();
    await this.#writer.flush().catch((error: unknown) => {
      this.#log.error({ err: error }, 'notify: outcomes not written at shutdown; claims expire and are reconciled');
    });
    await Promise.all(this.#providers.map((p) => p.client.close()));
  }

  #every(ms: number, run: () => void): void {
    this.#timers.push(setInterval(run, ms));
  }

  #tick(): void {
    const now = performance.now();
    // Held messages no provider could take for holdMs go back: another dispatcher may do better.
    if (
      this.#ready.size > 0 &&
      !this.#providers.some((p) => p.usable(now)) &&
      now - this.#ready.oldestClaim() > this.#tuning.holdMs
    ) {
      for (const held of this.#ready.drain()) this.#release(held, 'no provider could take it', held.tries > 0);
    }
    this.#pump();
  }

  /** Renews the leases of everything this dispatcher holds; #fence trusts only a renewal that succeeded. */
  async #renew(): Promise<void> {
    const started = performance.now();
    try {
      await this.#repo.renewLeases();
      this.#renewedFrom = started;
    } catch (error) {
      this.#log.warn(
        { err: error },
        'notify: lease renewal failed; held messages stop being sent when their lease runs short',
      );
    }
  }

  /** Until when this dispatcher may submit `held`: its lease, less 2 s for clock drift and the send itself. */
  #fence(held: Held): number {
    return (
      Math.max(held.claimedFrom, this.#renewedFrom) + this.#tuning.leaseMs - Math.min(2_000, this.#tuning.leaseMs / 4)
    );
  }

  #pump(): void {
    if (this.#stopping) return;
    const now = performance.now();
    for (let held = this.#ready.peek(); held !== undefined; held = this.#ready.peek()) {
      if (now > this.#fence(held)) {
        this.#ready.shift();
        this.#release(held, 'claim lease ran short before it could be sent', held.tries > 0);
        continue;
      }
      const provider = this.#pick(held, now);
      if (provider === null) break;
      this.#ready.shift();
      this.#send(provider, held, now);
    }
    if (this.#ready.size > 0 && this.#pumpTimer === null) {
      const waits = this.#providers.map((p) => p.msUntilReady(now)).filter((ms) => ms !== null);
      const wait = Math.min(this.#tuning.pollMs, ...waits);
      this.#pumpTimer = setTimeout(
        () => {
          this.#pumpTimer = null;
          this.#pump();
        },
        Math.max(1, wait),
      );
    }
  }

  /** The first provider in preference order that can take it now, trying another than the last to refuse it first. */
  #pick(held: Held, now: number): ProviderLink | null {
    let fallback: ProviderLink | null = null;
    for (const p of this.#providers) {
      if (!p.ready(now)) continue;
      if (p.id !== held.refusedBy) return p;
      fallback = p;
    }
    return fallback;
  }

  #send(p: ProviderLink, held: Held, now: number): void {
    const done = this.#outcomes.submit(p, held, now).finally(() => {
      this.#inFlight.delete(done);
      this.#pump();
    });
    this.#inFlight.add(done);
  }

  #release(held: Held, detail: string, counted: boolean): void {
    const delay = counted ? backoffDelay(held.attempts - 1, this.#tuning.retryBackoff, this.#random) : 0;
    this.#writer.release({ id: held.id, notBefore: new Date(Date.now() + delay), detail, counted });
  }
}
