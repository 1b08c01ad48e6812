import type { ClaimedRow } from './repository.ts';

/** What the dispatcher holds between the claim and the outcome. */
export interface Held {
  readonly id: number;
  readonly lane: string;
  readonly priority: number;
  readonly recipient: string;
  readonly body: string;
  readonly validityMs: number;
  /** Claims so far, this one included. */
  readonly attempts: number;
  /** performance.now() when the claim was requested: its lease runs from no earlier than this. */
  readonly claimedFrom: number;
  /** Submits the SMSCs refused outright within this claim. */
  tries: number;
  /** The provider that refused the last try, to try another one first. */
  refusedBy: string | null;
}

/**
 * Claimed messages not yet submitted, best first: lane priority, then id (age). Small by
 * design (about 0.2 s of provider capacity), so a sorted array beats a heap here.
 */
export class ReadyQueue {
  #items: Held[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(item: Held): void {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.#items[mid];
      if (
        other !== undefined &&
        (other.priority < item.priority || (other.priority === item.priority && other.id < item.id))
      )
        lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, item);
  }

  peek(): Held | undefined {
    return this.#items[0];
  }

  shift(): Held | undefined {
    return this.#items.shift();
  }

  drain(): Held[] {
    const all = this.#items;
    this.#items = [];
    return all;
  }

  /** The earliest claim time among the held messages. */
  oldestClaim(): number {
    return this.#items.reduce((min, item) => Math.min(min, item.claimedFrom), Infinity);
  }
}

export function toHeld(row: ClaimedRow, claimedFrom: number): Held {
  return {
    id: row.id,
    lane: row.lane,
    priority: row.lane_priority,
    recipient: row.recipient,
    body: row.body,
    validityMs: row.validity_s * 1_000,
    attempts: row.attempts,
    claimedFrom,
    tries: 0,
    refusedBy: null,
  };
}
