import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import type { RunningWorker, Supervision, Supervisor } from '../shared/supervisor.ts';

export interface WorkerOptions {
  readonly pool: pg.Pool;
  readonly logger: FastifyBaseLogger;
  /**
   * Tasks contributed by the modules: scheduling, records and certificates (src/modules.ts). notify contributes
   * none: the SMS dispatcher claims from its outbox table itself (ADR 0022).
   */
  readonly tasks: TaskList;
  /** graphile-worker crontab lines contributed by the modules. */
  readonly crontab?: string;
  readonly concurrency?: number;
  readonly events?: WorkerEvents;
}

/**
 * graphile-worker on the platform's own PostgreSQL: jobs are rows, so a job is
 * enqueued in the same transaction as the change that caused it.
 */
export function startWorker(options: WorkerOptions): Promise<Runner> {
  const log = options.logger.child({ component: 'worker' });
  const logger = new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
  return run({
    pgPool: options.pool,
    concurrency: options.concurrency ?? 2,
    noHandleSignals: true, // shutdown order is ours: drain HTTP first, then jobs
    pollInterval: 1_000,
    taskList: options.tasks,
    crontab: options.crontab ?? '',
    logger,
    ...(options.events ? { events: options.events } : {}),
  });
}

/** The name the platform's job runner (FSE processing, allocation, certificates) is supervised and reported under. */
export const JOB_RUNNER = 'jobs';

/**
 * The job runner under supervision: graphile-worker's runner ends for good when its pool
 * loses the database (issue 16), and the FSE processing, allocation and certificate jobs
 * with it. The supervisor starts it again; its first start fails startup as before.
 */
export async function startSupervisedWorker(options: WorkerOptions, supervision: Supervision): Promise<Supervisor> {
  const supervisor = supervision.supervise(JOB_RUNNER, async (): Promise<RunningWorker> => {
    // A pool that shuts down by itself stops taking jobs at once, but the runner's promise
    // waits for its jobs (see notify/dispatch/send-jobs.ts): its start is the end.
    const events: WorkerEvents = new EventEmitter();
    let stopping = false;
    const shutDown = new Promise<void>((_resolve, reject) => {
      events.on('pool:gracefulShutdown', ({ message }) => {
        if (!stopping) reject(new Error(`worker pool shutting down: ${message}`));
      });
    });
    const runner = await startWorker({ ...options, events });
    return {
      done: Promise.race([runner.promise, shutDown]),
      stop: () => {
        stopping = true;
        return runner.stop();
      },
    };
  });
  await supervisor.start();
  return supervisor;
}
