import { isNotAcknowledged } from '../db/retry.ts';

export interface UnhandledLog {
  warn(fields: object, message: string): void;
  fatal(fields: object, message: string): void;
}

/**
 * What the process does with a promise rejection nobody handled. graphile-worker 0.18
 * records a job's success or failure without awaiting it (worker.js: `completeJob(job)`,
 * `failJob({...})`), and retries only a few SQLSTATEs; when the leader is lost or
 * switched over at that moment (57P01, "Connection terminated unexpectedly") the
 * rejection is unhandled and Node would exit: both sites' processes did so in the
 * failover test. Such a loss is survivable: the job stays locked and runs again when
 * graphile-worker frees stale locks, and keyed jobs (the FSE and allocation kicks) are
 * superseded by the next kick at once. Anything else is still a bug: log and exit.
 */
export function unhandledRejectionHandler(log: UnhandledLog, exit: (code: number) => void): (reason: unknown) => void {
  return (reason) => {
    if (isNotAcknowledged(reason)) {
      log.warn({ err: reason }, 'a background database call failed during a database outage; going on');
      return;
    }
    log.fatal({ err: reason }, 'unhandled promise rejection');
    exit(1);
  };
}
