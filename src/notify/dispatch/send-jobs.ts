import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import type { Supervision } from '../../shared/supervisor.ts';
import type { Logger } from '../smpp/logger.ts';

/** The graphile-worker task: one job per message to send (migrations/0013_notify_jobs.sql). */
export const SEND_TASK = 'notify_send';

/**
 * Jobs held at once (concurrency): about claimAheadMs of the providers' summed rate, plus
 * every SMPP window. This bounds how many bulk messages an otp that just arrived can find
 * ahead of it in this process (graphile-worker hands out jobs by priority, then age).
 * Jobs fetched per query (batch): about 50 ms of that rate, between 2 and the slots.
 */
export function sendJobSizing(
  rate: number,
  windows: number,
  claimAheadMs: number,
): { concurrency: number; batch: number } {
  const concurrency = Math.min(500, Math.max(4, Math.ceil((rate * claimAheadMs) / 1_000) + windows));
  return { concurrency, batch: Math.min(concurrency, Math.max(2, Math.ceil(rate / 20))) };
}

export interface SendJobRunner {
  readonly runner: Runner;
  /**
   * Settles when the runner has stopped taking jobs by itself: as soon as its pool begins
   * to shut down, not when it is done. A pool that could not record finished jobs while the
   * database was away shuts down, and waits for its jobs before ending (seen for minutes).
   */
  readonly ended: Promise<void>;
  /** Stops it on purpose (not an end the supervisor restarts). */
  stop(): Promise<void>;
  /** The id that locks this runner's jobs (for graphile_worker.force_unlock_workers). */
  readonly workerPoolId: () => string | null;
}

export interface SendJobsOptions {
  readonly pool: pg.Pool;
  readonly concurrency: number;
  /** Jobs fetched (and locked) per query: see the runner's options below. */
  readonly batch: number;
  readonly logger: Logger;
  readonly take: (messageId: number) => Promise<void>;
}

export interface SupervisedSendJobs {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The id that locks the current runner's jobs (heartbeated for graphile_worker.force_unlock_workers). */
  workerPoolId(): string | null;
}

/**
 * The runner under supervision: graphile-worker's runner ends for good when its pool loses
 * the database ("worker pool exited with error: the database system is shutting down",
 * issue 16), and every queued SMS then waited for a restart of Node. The jobs a dead
 * runner's pool had locked would stay locked for graphile-worker's 4 hours (or the
 * relay's staleJobMs): they are given back before the next runner starts. One whose
 * message this dispatcher still holds is harmless: its new run claims nothing.
 */
export function superviseSendJobs(
  supervision: Supervision,
  options: SendJobsOptions & { readonly unlockPool: (workerPoolId: string) => Promise<void> },
): SupervisedSendJobs {
  let current: SendJobRunner | null = null;
  const supervisor = supervision.supervise(SEND_TASK, async () => {
    const dead = current?.workerPoolId() ?? null;
    if (dead !== null) await options.unlockPool(dead);
    const jobs = await startSendJobs(options);
    current = jobs;
    return { done: jobs.ended, stop: () => jobs.stop() };
  });
  return {
    start: () => supervisor.start(),
    stop: () => supervisor.stop(),
    workerPoolId: () => current?.workerPoolId() ?? null,
  };
}

/**
 * The dispatcher's own graphile-worker runner, taking only notify_send jobs: `take`
 * receives the message id and resolves when the message has left the dispatcher.
 */
export async function startSendJobs(options: SendJobsOptions): Promise<SendJobRunner> {
  const log = options.logger;
  let poolId: string | null = null;
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });
  // graphile-worker 0.18 gives up on a batch of finished jobs at the first failed attempt
  // (main.js batch(): `break` in its catch) and then shuts the pool down: with the database
  // away for a moment, the pool stops taking jobs while the runner's promise stays pending.
  let stopping = false;
  let shutDown: (error: Error) => void = () => undefined;
  const shuttingDown = new Promise<void>((_resolve, reject) => {
    shutDown = reject;
  });
  events.on('pool:gracefulShutdown', ({ message }) => {
    if (!stopping) shutDown(new Error(`worker pool shutting down: ${message}`));
  });
  const send: Task = async (payload) => {
    const id = typeof payload === 'object' && payload !== null ? (payload as { id?: unknown }).id : undefined;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      log.error({ payload }, 'notify: a notify_send job without a message id; dropped');
      return;
    }
    await options.take(id);
  };
  const runner = await run({
    pgPool: options.pool,
    taskList: { [SEND_TASK]: send },
    concurrency: options.concurrency,
    noHandleSignals: true,
    // New jobs arrive by LISTEN/NOTIFY at once; the poll only finds jobs whose run_at came.
    pollInterval: 500,
    // The pool fetches jobs in batches for its slots. Without it every idle slot polls on
    // its own: 320 slots polling every 0.5 s were 640 queries/s per idle instance, and the
    // opening-day benchmark fell from 166 to about 30 enrollments/s. A new otp waits at
    // most for the batch already fetched (batch/rate: 50 ms at 500 msg/s).
    // Finished jobs are deleted together, 20 ms at a time (graphile-worker's completion
    // batching): one DELETE and one commit per SMS were 200 extra commits/s at opening day.
    // A job completed late only stays locked a little longer; its message has left.
    preset: { worker: { localQueue: { size: options.batch }, completeJobBatchDelay: 20, failJobBatchDelay: 20 } },
    logger: new WorkerLogger(() => (level, message, meta) => {
      if (level === 'error') log.error({ ...meta }, `notify: graphile-worker: ${message}`);
      else if (level === 'warning') log.warn({ ...meta }, `notify: graphile-worker: ${message}`);
    }),
    events,
  });
  return {
    runner,
    ended: Promise.race([runner.promise, shuttingDown]),
    stop: () => {
      stopping = true;
      return runner.stop();
    },
    workerPoolId: () => poolId,
  };
}
