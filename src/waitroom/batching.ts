/**
 * Group commit for joins: while one batch is in the database, arrivals accumulate and go
 * together in the next. An idle room answers a join in one round trip; at the opening
 * spike one statement (and one commit) numbers every arrival that came in while the
 * previous one ran, so the room row is written a few dozen times a second whatever the
 * arrival rate. Arrival order within an instance is kept.
 */
export class JoinBatcher {
  readonly #issue: (count: number) => Promise<{ firstSeq: number; preQueue: boolean } | null>;
  readonly #maxBatch: number;
  #pending: {
    resolve: (value: { seq: number; preQueue: boolean } | null) => void;
    reject: (error: unknown) => void;
  }[] = [];
  #running = false;

  constructor(issue: (count: number) => Promise<{ firstSeq: number; preQueue: boolean } | null>, maxBatch = 2_000) {
    this.#issue = issue;
    this.#maxBatch = maxBatch;
  }

  /** The arrival's seq, or null if the room is not active. */
  join(): Promise<{ seq: number; preQueue: boolean } | null> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.#maxBatch);
        try {
          const issued = await this.#issue(batch.length);
          batch.forEach((waiter, i) => {
            waiter.resolve(issued === null ? null : { seq: issued.firstSeq + i, preQueue: issued.preQueue });
          });
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

import type { SeenPoll } from './repository.ts';

/**
 * Last-seen times (and announced returns) waiting to be written, one per person (the newest wins). Flushed once a
 * second by the refresh loop, or early past `flushAt` entries.
 */
export class SeenBuffer {
  #entries = new Map<string, SeenPoll>();
  readonly #flushAt: number;
  readonly #onFull: () => void;

  constructor(flushAt: number, onFull: () => void) {
    this.#flushAt = flushAt;
    this.#onFull = onFull;
  }

  get size(): number {
    return this.#entries.size;
  }

  add(room: number, seq: number, at: Date, due: Date | null = null): void {
    this.#entries.set(`${room}:${seq}`, { room, seq, at, due });
    if (this.#entries.size === this.#flushAt) this.#onFull();
  }

  /** Takes everything buffered; `putBack` returns it after a failed write (newer times win). */
  take(): SeenPoll[] {
    const taken = [...this.#entries.values()];
    this.#entries = new Map();
    return taken;
  }

  putBack(entries: readonly SeenPoll[]): void {
    for (const e of entries) {
      const key = `${e.room}:${e.seq}`;
      const newer = this.#entries.get(key);
      if (newer === undefined || newer.at < e.at) this.#entries.set(key, e);
    }
  }
}
