/**
 * Admits at most `rate` events per second on average, with a burst of one second's
 * worth (at least 1). Time comes from the caller so simulated clocks work.
 */
export class TokenBucket {
  #rate: number;
  #tokens: number;
  #updatedAt: number;

  constructor(rate: number, now: number) {
    this.#rate = rate;
    this.#tokens = this.#capacity();
    this.#updatedAt = now;
  }

  setRate(rate: number, now: number): void {
    this.#refill(now);
    this.#rate = rate;
    this.#tokens = Math.min(this.#tokens, this.#capacity());
  }

  /** True and one token spent, or false when over the rate. A rate of 0 means unlimited. */
  tryTake(now: number): boolean {
    if (this.#rate === 0) return true;
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  #capacity(): number {
    return Math.max(1, this.#rate);
  }

  #refill(now: number): void {
    const elapsedMs = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.#capacity(), this.#tokens + (elapsedMs * this.#rate) / 1_000);
  }
}
