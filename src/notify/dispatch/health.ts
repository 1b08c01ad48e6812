import { backoffDelay, type BackoffOptions } from '../smpp/backoff.ts';

/** Why a provider was taken out of service. */
export type TripReason = 'throttled' | 'errors' | 'receipts_behind';

export interface HealthOptions {
  /**
   * Throttles in a row that take the provider out (default 10: at a 30% random throttle, once per ~170,000
   * submits).
   */
  readonly throttleStreak: number;
  /** Share of throttles among the last `window` submits that takes it out (default 0.8). */
  readonly throttleShare: number;
  readonly window: number;
  /** Errors in a row (error statuses, timeouts, lost connections) that take it out (default 3). */
  readonly errorStreak: number;
  /** Out of service for this long, growing with repeated trips (1 s doubling to 60 s, equal jitter). */
  readonly cooldown: BackoffOptions;
  /** A receipt later than this counts as behind (default 60 s; handsets usually take 1-5 s). */
  readonly receiptLagMs: number;
  /** Receipts are behind when fewer than this share of the submits of one lag period ago has one (default 0.5). */
  readonly receiptMinShare: number;
  /** ...judged on at least this many submits (default 50), so a quiet hour says nothing. */
  readonly receiptMinSample: number;
}

export const defaultHealthOptions: HealthOptions = {
  throttleStreak: 10,
  throttleShare: 0.8,
  window: 50,
  errorStreak: 3,
  cooldown: { initialDelayMs: 1_000, maxDelayMs: 60_000, multiplier: 2 },
  receiptLagMs: 60_000,
  receiptMinShare: 0.5,
  receiptMinSample: 50,
};

export type HealthState = 'up' | 'cooling' | 'probing';

/**
 * The circuit breaker of one provider. 'up' takes traffic; a trip sends it 'cooling'
 * (no traffic, so the dispatcher fails over) for an exponential, jittered cooldown;
 * then 'probing' lets one submit through at a time, and the first one accepted puts it
 * back 'up' (the dispatcher switches back, since providers are used in preference order).
 */
export class ProviderHealth {
  readonly #options: HealthOptions;
  readonly #random: () => number;
  #state: HealthState = 'up';
  #coolUntil = 0;
  #trips = 0;
  #lastTripAt = -Infinity;
  #probeInFlight = false;
  #throttleRun = 0;
  #errorRun = 0;
  #recent: boolean[] = []; // true = throttled, newest last
  // Receipt lag: message id -> second of submission, and per-second [submitted, receipted].
  readonly #sentAt = new Map<string, number>();
  readonly #seconds = new Map<number, [number, number]>();

  constructor(options: Partial<HealthOptions> = {}, random: () => number = Math.random) {
    this.#options = {
      ...defaultHealthOptions,
      ...options,
      cooldown: { ...defaultHealthOptions.cooldown, ...options.cooldown },
    };
    this.#random = random;
  }

  state(now: number): HealthState {
    if (this.#state === 'cooling' && now >= this.#coolUntil) this.#state = 'probing';
    return this.#state;
  }

  /** May a submit go to this provider now? */
  admits(now: number): boolean {
    const state = this.state(now);
    return state === 'up' || (state === 'probing' && !this.#probeInFlight);
  }

  /** Call right before submitting. */
  sending(now: number): void {
    if (this.state(now) === 'probing') this.#probeInFlight = true;
  }

  /** Returns 'recovered' when this ends a probe. */
  accepted(now: number, messageId: string): 'recovered' | null {
    this.#probeInFlight = false;
    this.#throttleRun = 0;
    this.#errorRun = 0;
    this.#push(false);
    const second = Math.floor(now / 1_000);
    this.#sentAt.set(messageId, second);
    this.#bucket(second)[0] += 1;
    if (this.#state !== 'probing') return null;
    this.#state = 'up';
    return 'recovered';
  }

  throttled(now: number): TripReason | null {
    // Answers to submits sent before a trip say nothing new: do not trip again on them.
    if (this.state(now) === 'cooling') return null;
    this.#probeInFlight = false;
    this.#throttleRun += 1;
    this.#push(true);
    const share = this.#recent.filter(Boolean).length / this.#options.window;
    if (
      this.#state === 'probing' ||
      this.#throttleRun >= this.#options.throttleStreak ||
      share >= this.#options.throttleShare
    ) {
      return this.#trip(now, 'throttled');
    }
    return null;
  }

  /** A transient failure: an error status, a timeout, a lost connection. */
  failed(now: number): TripReason | null {
    if (this.state(now) === 'cooling') return null;
    this.#probeInFlight = false;
    this.#errorRun += 1;
    if (this.#state === 'probing' || this.#errorRun >= this.#options.errorStreak) return this.#trip(now, 'errors');
    return null;
  }

  /** An outcome that says nothing about the provider (e.g. our own shutdown). */
  released(): void {
    this.#probeInFlight = false;
  }

  receipt(messageId: string): void {
    const second = this.#sentAt.get(messageId);
    if (second === undefined) return;
    this.#sentAt.delete(messageId);
    const bucket = this.#seconds.get(second);
    if (bucket) bucket[1] += 1;
  }

  /** Checks receipts of the submits made between 2 and 1 lag periods ago; trips if too few came back. */
  checkReceipts(now: number): TripReason | null {
    const lag = Math.ceil(this.#options.receiptLagMs / 1_000);
    const current = Math.floor(now / 1_000);
    let sent = 0;
    let receipted = 0;
    for (const [second, [s, r]] of this.#seconds) {
      if (second < current - 2 * lag) {
        this.#seconds.delete(second);
      } else if (second <= current - lag) {
        sent += s;
        receipted += r;
      }
    }
    for (const [id, second] of this.#sentAt) {
      if (second >= current - 2 * lag) break; // insertion order is submission order
      this.#sentAt.delete(id);
    }
    if (
      this.#state !== 'up' ||
      sent < this.#options.receiptMinSample ||
      receipted / sent >= this.#options.receiptMinShare
    )
      return null;
    return this.#trip(now, 'receipts_behind');
  }

  #trip(now: number, reason: TripReason): TripReason {
    // Trips far apart are separate incidents: start again from the shortest cooldown.
    if (now - this.#lastTripAt > 2 * this.#options.cooldown.maxDelayMs) this.#trips = 0;
    this.#coolUntil = now + backoffDelay(this.#trips, this.#options.cooldown, this.#random);
    this.#trips += 1;
    this.#lastTripAt = now;
    this.#state = 'cooling';
    this.#throttleRun = 0;
    this.#errorRun = 0;
    this.#recent = [];
    // What was judged is judged: fresh submits must show the lag again before another trip.
    this.#seconds.clear();
    this.#sentAt.clear();
    return reason;
  }

  #push(throttled: boolean): void {
    this.#recent.push(throttled);
    if (this.#recent.length > this.#options.window) this.#recent.shift();
  }

  #bucket(second: number): [number, number] {
    let bucket = this.#seconds.get(second);
    if (!bucket) {
      bucket = [0, 0];
      this.#seconds.set(second, bucket);
    }
    return bucket;
  }
}
