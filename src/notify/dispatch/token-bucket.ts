/**
 * Paces submits to one provider at its contracted rate. The burst is a tenth of a
 * second's worth (at least 1): SMSCs often count per second or finer, and a full second
 * of burst after an idle spell is exactly what earns ESME_RTHROTTLED.
 * Time comes from the caller (performance.now() in ms), so tests can drive it.
 */
export class TokenBucket {
  readonly rate: number;
  readonly capacity: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, now: number, burstSeconds = 0.1) {
    if (!(ratePerSecond > 0)) throw new Error('rate must be > 0');
    this.rate = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond * burstSeconds);
    this.#tokens = this.capacity;
    this.#updatedAt = now;
  }

  tryTake(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Gives a token back: the SMSC refused the submit (ESME_RTHROTTLED), so it did not count
   * against the contract. Keeps a provider that throttles at random (30% in the benchmark)
   * at its full accepted rate instead of 70% of it.
   */
  refund(): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + 1);
  }

  /** Milliseconds until a token is available (0 if one is). */
  msUntilToken(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1_000) / this.rate);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.capacity, this.#tokens + (elapsed * this.rate) / 1_000);
  }
}
