export interface Timer {
  cancel(): void;
}

/** Simulated time for the SMSC: timestamps in epoch ms and timers in simulated ms. */
export interface SimClock {
  now(): number;
  setTimer(delayMs: number, callback: () => void): Timer;
  /** Changes how fast simulated time runs; pending timers keep their simulated due time. */
  setScale?(scale: number): void;
}

// setTimeout clamps anything above 2^31-1 ms (~24.8 days) to 1 ms; longer waits are re-armed.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface ScaledTimer {
  readonly dueAt: number;
  readonly callback: () => void;
  handle: NodeJS.Timeout | null;
}

/**
 * Wall-clock time sped up by `scale`: with scale 600, a 50-minute delivery takes 5 s.
 * Simulated time starts at the current wall time and runs continuously across scale changes.
 */
export class ScaledClock implements SimClock {
  #scale: number;
  #simOrigin = Date.now();
  #realOrigin = performance.now();
  readonly #timers = new Set<ScaledTimer>();

  constructor(scale = 1) {
    if (!(scale > 0)) throw new Error('scale must be > 0');
    this.#scale = scale;
  }

  get scale(): number {
    return this.#scale;
  }

  now(): number {
    return this.#simOrigin + (performance.now() - this.#realOrigin) * this.#scale;
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const timer: ScaledTimer = { dueAt: this.now() + Math.max(0, delayMs), callback, handle: null };
    this.#timers.add(timer);
    this.#arm(timer);
    return {
      cancel: () => {
        if (timer.handle) clearTimeout(timer.handle);
        this.#timers.delete(timer);
      },
    };
  }

  setScale(scale: number): void {
    if (!(scale > 0)) throw new Error('scale must be > 0');
    this.#simOrigin = this.now();
    this.#realOrigin = performance.now();
    this.#scale = scale;
    for (const timer of this.#timers) this.#arm(timer);
  }

  #arm(timer: ScaledTimer): void {
    if (timer.handle) clearTimeout(timer.handle);
    // Rounded up: a timer may fire up to 1 real ms late (60 simulated s at scale 60,000),
    // never early, so a message is never visible before its delay.
    const realMs = Math.ceil((timer.dueAt - this.now()) / this.#scale);
    timer.handle = setTimeout(
      () => {
        timer.handle = null;
        // Clamped long waits, and timer granularity, end here before the due time: re-arm.
        if (this.now() < timer.dueAt) {
          this.#arm(timer);
          return;
        }
        this.#timers.delete(timer);
        timer.callback();
      },
      Math.min(MAX_TIMEOUT_MS, Math.max(0, realMs)),
    );
  }
}

interface ManualTimer {
  readonly dueAt: number;
  readonly order: number;
  readonly callback: () => void;
}

/** Time that moves only when a test calls advance(): deterministic to the millisecond. */
export class ManualClock implements SimClock {
  #now: number;
  #order = 0;
  #timers: ManualTimer[] = [];

  constructor(startMs = Date.UTC(2021, 1, 15, 9, 0, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const timer: ManualTimer = { dueAt: this.#now + Math.max(0, delayMs), order: this.#order++, callback };
    this.#timers.push(timer);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
      },
    };
  }

  /** Moves time forward, firing due timers in order (including ones they schedule within the span). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#timers.reduce<ManualTimer | undefined>(
        (best, t) =>
          t.dueAt <= target && (!best || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.order < best.order))
            ? t
            : best,
        undefined,
      );
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.dueAt;
      next.callback();
    }
    this.#now = target;
  }
}
