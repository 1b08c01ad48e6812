/**
 * The relay's pace toward the national Gateway: at most `perSecond` sends started per second (0: unpaced), and a
 * pause for everyone after a 429 (its Retry-After, ADR 0014 "Drain rate"). Slots are reserved in order, so N
 * concurrent senders together keep the rate; a paced relay at the national quota never meets a 429.
 */
export class Pacer {
  readonly #intervalMs: number;
  readonly #now: () => number;
  #nextSlot = 0;
  #pausedUntil = 0;

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.#intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.#now = now;
  }

  /** Milliseconds the caller must wait before its send (its slot is reserved). */
  reserve(): number {
    const now = this.#now();
    const slot = Math.max(now, this.#nextSlot, this.#pausedUntil);
    this.#nextSlot = slot + this.#intervalMs;
    return slot - now;
  }

  /** The national side said "too many": nobody sends for ms (the slots already reserved start after it). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  /** Waits for this sender's turn, and past a pause that a 429 set meanwhile. */
  async turn(): Promise<void> {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const wait = this.reserve();
    if (wait > 0) await sleep(wait);
    const paused = this.#pausedUntil - this.#now();
    if (paused > 0) await sleep(paused);
  }
}
