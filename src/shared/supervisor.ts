import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * running: started and not ended. restarting: it ended or failed to start, and is waiting
 * for its backoff or starting again. stopped: stopped on purpose (shutdown).
 */
export type WorkerState = 'running' | 'restarting' | 'stalled' | 'stopped';

/** A started long-running worker: `done` settles (either way) when it ends by itself. */
export interface RunningWorker {
  readonly done: Promise<unknown>;
  stop(): Promise<void>;
}

export interface WorkerStatus {
  readonly name: string;
  readonly state: WorkerState;
  /** Restart attempts since the process started. */
  readonly restarts: number;
  readonly lastError: string | null;
}

export interface RestartBackoff {
  /** First wait after an end (default 0.5 s), doubling on each end in a row… */
  readonly initialMs: number;
  /** …up to this (default 30 s): a database outage longer than that is retried every 30 s. */
  readonly maxMs: number;
  /** A worker that ran this long before ending starts again from initialMs (default 60 s). */
  readonly healthyMs: number;
}

export const defaultRestartBackoff: RestartBackoff = { initialMs: 500, maxMs: 30_000, healthyMs: 60_000 };

export interface SupervisorLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Keeps one named worker running: when it ends by itself (graphile-worker's runner after
 * "worker pool exited with error", a loop that threw) it is started again after a bounded
 * exponential backoff, until stop(). The 2021 outage and issue 16 were both a worker that
 * died with the database and never came back while the API looked healthy.
 */
export class Supervisor {
  readonly name: string;
  readonly #start: () => Promise<RunningWorker>;
  readonly #log: SupervisorLog;
  readonly #backoff: RestartBackoff;
  readonly #onRestart: () => void;
  #state: WorkerState = 'stopped';
  #current: RunningWorker | null = null;
  #startedAt = 0;
  #failures = 0;
  #restarts = 0;
  #lastError: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #attempt: Promise<void> | null = null;
  #stopping = false;

  constructor(options: {
    name: string;
    start: () => Promise<RunningWorker>;
    log: SupervisorLog;
    backoff?: Partial<RestartBackoff>;
    onRestart?: () => void;
  }) {
    this.name = options.name;
    this.#start = options.start;
    this.#log = options.log;
    this.#backoff = { ...defaultRestartBackoff, ...options.backoff };
    this.#onRestart = options.onRestart ?? (() => undefined);
  }

  /** Starts the worker; a failure of this first start is thrown (startup fails as before), not retried. */
  async start(): Promise<void> {
    this.#stopping = false;
    this.#watch(await this.#start());
  }

  status(): WorkerStatus {
    return { name: this.name, state: this.#state, restarts: this.#restarts, lastError: this.#lastError };
  }

  /** Stops the worker and any restart to come; a worker stopped here is not restarted. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#attempt;
    const current = this.#current;
    this.#current = null;
    this.#state = 'stopped';
    await current?.stop();
  }

  /** Read after an await: stop() may have been called meanwhile. */
  #stopped(): boolean {
    return this.#stopping;
  }

  #watch(worker: RunningWorker): void {
    this.#current = worker;
    this.#startedAt = Date.now();
    this.#state = 'running';
    const ended = (error: unknown): void => {
      if (this.#current !== worker || this.#stopping) return;
      this.#current = null;
      if (Date.now() - this.#startedAt >= this.#backoff.healthyMs) this.#failures = 0;
      this.#retry(error ?? new Error('it ended by itself'));
    };
    worker.done.then(() => {
      ended(undefined);
    }, ended);
  }

  #retry(error: unknown): void {
    const delay = Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** this.#failures);
    this.#failures += 1;
    this.#state = 'restarting';
    this.#lastError = error instanceof Error ? error.message : String(error);
    this.#log.error(
      { worker: this.name, err: error, restartInMs: delay, failures: this.#failures },
      `worker ${this.name} ended; restarting it`,
    );
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#attempt = this.#restart().finally(() => {
        this.#attempt = null;
      });
    }, delay);
  }

  async #restart(): Promise<void> {
    if (this.#stopping) return;
    this.#restarts += 1;
    this.#onRestart();
    let worker: RunningWorker;
    try {
      worker = await this.#start();
    } catch (error) {
      if (!this.#stopped()) this.#retry(error);
      return;
    }
    if (this.#stopped()) {
      await worker.stop();
      return;
    }
    this.#log.info({ worker: this.name, restarts: this.#restarts }, `worker ${this.name} restarted`);
    this.#watch(worker);
  }
}

/**
 * The watchdog of a timer loop (the SMS relay, the waiting-room refresher): such a loop
 * catches its own errors and cannot end, so a Supervisor has nothing to restart; it fails
 * in two other ways. One pass can hang (a query on a connection the database half-closed),
 * and every pass can fail (a bug, a missing privilege) while the API looks healthy: SMS
 * stop as in 2021. guard() abandons a pass that ran past maxSilenceMs, so the loop's next
 * tick starts a fresh one (its restart), and a loop with no pass completed for maxSilenceMs
 * reports 'stalled' to the readiness probe.
 */
export class LoopWatch {
  readonly name: string;
  readonly #maxSilenceMs: number;
  readonly #now: () => number;
  readonly #onRestart: () => void;
  #lastSuccess: number;
  #restarts = 0;
  #lastError: string | null = null;
  #stopped = false;

  constructor(options: { name: string; maxSilenceMs: number; now?: () => number; onRestart?: () => void }) {
    this.name = options.name;
    this.#maxSilenceMs = options.maxSilenceMs;
    this.#now = options.now ?? Date.now;
    this.#onRestart = options.onRestart ?? (() => undefined);
    this.#lastSuccess = this.#now();
  }

  /**
   * Runs one pass of the loop: its result, or a rejection when it fails or runs past
   * maxSilenceMs (then it is abandoned: the loop goes on with its next tick).
   */
  async guard<T>(pass: () => Promise<T>): Promise<T> {
    this.#stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.#restarts += 1;
        this.#onRestart();
        reject(
          new Error(
            `${this.name}: a pass ran for more than ${this.#maxSilenceMs} ms; abandoned, the next tick starts afresh`,
          ),
        );
      }, this.#maxSilenceMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([pass(), hung]);
      this.#lastSuccess = this.#now();
      this.#lastError = null;
      return result;
    } catch (error) {
      this.#lastError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The loop was stopped on purpose (shutdown): no longer reported. */
  stop(): void {
    this.#stopped = true;
  }

  status(): WorkerStatus {
    const silent = this.#now() - this.#lastSuccess > this.#maxSilenceMs;
    const state: WorkerState = this.#stopped ? 'stopped' : silent ? 'stalled' : 'running';
    return { name: this.name, state, restarts: this.#restarts, lastError: this.#lastError };
  }
}

/**
 * The supervisors of one process, with their Prometheus figures and their states for
 * the readiness probe. Without a registry (tests, a dispatcher of its own) nothing is counted.
 */
export class Supervision {
  readonly #all: (Supervisor | LoopWatch)[] = [];
  readonly #log: SupervisorLog;
  readonly #backoff: Partial<RestartBackoff>;
  readonly #restarts: Counter<'worker'> | null;

  constructor(options: { log: SupervisorLog; registry?: Registry; backoff?: Partial<RestartBackoff> }) {
    this.#log = options.log;
    this.#backoff = options.backoff ?? {};
    const registry = options.registry;
    this.#restarts =
      registry === undefined
        ? null
        : new Counter({
            name: 'worker_restarts_total',
            help: 'Restarts of a long-running worker after it ended by itself',
            labelNames: ['worker'],
            registers: [registry],
          });
    if (registry !== undefined) {
      const all = this.#all;
      new Gauge({
        name: 'worker_running',
        help: '1 while a long-running worker runs, 0 while it is restarting, stalled or stopped',
        labelNames: ['worker'],
        registers: [registry],
        collect() {
          for (const s of all) this.set({ worker: s.name }, s.status().state === 'running' ? 1 : 0);
        },
      });
    }
  }

  /** A supervisor for `name` (not started): call its start(). */
  supervise(name: string, start: () => Promise<RunningWorker>): Supervisor {
    const counter = this.#restarts;
    const supervisor = new Supervisor({
      name,
      start,
      log: this.#log,
      backoff: this.#backoff,
      onRestart: () => {
        counter?.inc({ worker: name });
      },
    });
    this.#all.push(supervisor);
    return supervisor;
  }

  /** A watchdog for the timer loop `name` (see LoopWatch), reported with the supervised workers. */
  watchLoop(name: string, maxSilenceMs: number): LoopWatch {
    const counter = this.#restarts;
    const watch = new LoopWatch({
      name,
      maxSilenceMs,
      onRestart: () => {
        counter?.inc({ worker: name });
      },
    });
    this.#all.push(watch);
    return watch;
  }

  /** The status of every worker started and not stopped on purpose, in the order they were added. */
  statuses(): WorkerStatus[] {
    return this.#all.map((s) => s.status()).filter((s) => s.state !== 'stopped');
  }
}
