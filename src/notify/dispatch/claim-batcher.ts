import type { ClaimedRow } from './repository.ts';

/**
 * Claims for the notify_send jobs that start together, in one statement: graphile-worker
 * hands jobs over one at a time, and a claim per job would be a commit per SMS (500 a
 * second at full provider rate). While one claim is in the database the next ids gather,
 * so an idle dispatcher claims at once and a busy one a few dozen messages per commit.
 */
export class ClaimBatcher {
  readonly #claim: (ids: readonly number[]) => Promise<ClaimedRow[]>;
  #waiting = new Map<number, { resolve: (row: ClaimedRow | null) => void; reject: (error: unknown) => void }[]>();
  #running = false;

  constructor(claim: (ids: readonly number[]) => Promise<ClaimedRow[]>) {
    this.#claim = claim;
  }

  /** The claimed message, or null when it is not (or no longer) queued. */
  claim(id: number): Promise<ClaimedRow | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.#waiting.set(id, waiters);
      if (!this.#running) this.#next();
    });
  }

  /**
   * The claim, tried again every second for up to retryMs while the database is away (a
   * failover takes about 10 s): a job that failed then could not record its failure
   * either, and would stay locked until the relay gives its message a new job.
   */
  async claimRetrying(id: number, retryMs: number, giveUp: () => boolean): Promise<ClaimedRow | null> {
    const until = performance.now() + retryMs;
    for (;;) {
      try {
        return await this.claim(id);
      } catch (error) {
        if (giveUp() || performance.now() >= until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  #next(): void {
    if (this.#waiting.size === 0) {
      this.#running = false;
      return;
    }
    this.#running = true;
    const batch = this.#waiting;
    this.#waiting = new Map();
    this.#claim([...batch.keys()])
      .then(
        (rows) => {
          const byId = new Map(rows.map((row) => [row.id, row]));
          for (const [id, waiters] of batch) {
            // A repeated job for the same message: the first waiter gets it, the others nothing.
            waiters.forEach((w, i) => {
              w.resolve(i === 0 ? (byId.get(id) ?? null) : null);
            });
          }
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.#next();
      });
  }
}
