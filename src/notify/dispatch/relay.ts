import type { Logger } from '../smpp/logger.ts';
import type { LoopWatch } from '../../shared/supervisor.ts';
import type { RelayRepository } from './relay-repository.ts';

export interface RelayOptions {
  readonly repo: RelayRepository;
  readonly logger: Logger;
  /** Lane priorities, otp 0 first. */
  readonly priorities: readonly number[];
  /** Jobs kept waiting per lane: enough to keep the providers busy, few enough to stay cheap. */
  readonly window: number;
  /** Jobs added per lane per statement. */
  readonly batch: number;
  readonly intervalMs: number;
  /** A message whose job has not claimed it for this long gets a new one (default 5 min). */
  readonly staleMs: number;
  /** Abandons a hung pass and reports a relay that no longer completes any (readiness). */
  readonly watch?: LoopWatch;
}

/** Stale jobs are looked for every minute, or five times per staleMs if that is shorter. */
const STALE_CHECK_EVERY_MS = 60_000;

/**
 * Turns queued messages into graphile-worker jobs, outside the business transactions
 * that queued them (ADR 0005): every intervalMs, and at once again while a lane had more
 * than a batch to add. Each lane keeps at most `window` jobs waiting, so a million bulk
 * messages are a million outbox rows but only a window of jobs, and an otp never waits
 * for the bulk lane's window: its own lane has room, and graphile-worker hands out the
 * lowest priority first.
 */
export class JobRelay {
  readonly #options: RelayOptions;
  #timer: NodeJS.Timeout | null = null;
  #run: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #lastStaleCheck = Date.now();

  constructor(options: RelayOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.kick();
    }, this.#options.intervalMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#options.watch?.stop();
    if (this.#timer) clearInterval(this.#timer);
    await this.#run;
  }

  /** Relays now (or right after the run in progress). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#run !== null) {
      this.#again = true;
      return;
    }
    const watch = this.#options.watch;
    this.#run = (watch ? watch.guard(() => this.#relayOnce()) : this.#relayOnce())
      .catch((error: unknown) => {
        this.#options.logger.warn(
          { err: error },
          'notify: relaying messages to jobs failed; retrying on the next tick',
        );
        return false;
      })
      .then((more) => {
        this.#run = null;
        const again = more || this.#again;
        this.#again = false;
        if (again)
          setImmediate(() => {
            this.kick();
          });
      });
  }

  /** Relays once; true when some lane had more than a batch to add. */
  async #relayOnce(): Promise<boolean> {
    const { repo, window, batch, priorities } = this.#options;
    if (Date.now() - this.#lastStaleCheck >= Math.min(STALE_CHECK_EVERY_MS, this.#options.staleMs / 5)) {
      this.#lastStaleCheck = Date.now();
      const forgotten = await repo.forgetStaleJobs(this.#options.staleMs);
      if (forgotten > 0)
        this.#options.logger.warn(
          { messages: forgotten },
          'notify: messages whose jobs never claimed them get new jobs',
        );
    }
    const added = await repo.addJobs({ priorities, window, batch });
    return added >= batch;
  }
}
