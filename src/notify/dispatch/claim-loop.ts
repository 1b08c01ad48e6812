import type { RunningWorker } from '../../shared/supervisor.ts';

/** The claim loop's name under supervision: worker_running{worker="notify_send"} and readiness report it. */
export const SEND_WORKER = 'notify_send';

export interface ClaimLoopOptions {
  /** One claim pass: true when it came back full, so that more may be waiting (claim again at once). */
  readonly pass: () => Promise<boolean>;
  /** The poll between passes that found the queue empty or the dispatcher full (default 50 ms). */
  readonly intervalMs: number;
  /**
   * A pass still running after this is abandoned and the loop ends, so that the supervisor
   * starts a fresh one: a statement on a connection the database half-closed never answers.
   */
  readonly passTimeoutMs: number;
}

export interface ClaimLoop extends RunningWorker {
  /** Claims now (or right after the pass in progress): a provider came back. */
  kick(): void;
}

/**
 * Claims due messages from the outbox table (ADR 0022): a pass every intervalMs, at once
 * again while a pass came back full, and when kick() says a provider came back. The poll is
 * also the batching: at 500 otp/s one claim (one commit) takes the 25 that arrived in the
 * last 50 ms, where claiming on every freed slot would be a commit per SMS. The first
 * failed pass (the database away) ends the loop: `done` rejects and the supervisor starts a
 * new loop after its backoff, reporting 'restarting' meanwhile, as readiness expects of a
 * worker that lost its database.
 */
export function startClaimLoop(options: ClaimLoopOptions): ClaimLoop {
  let stopped = false;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let end: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });

  const wait = (ms: number): void => {
    if (stopped || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, ms);
  };

  const guarded = (): Promise<boolean> => {
    let deadline: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_resolve, reject) => {
      deadline = setTimeout(() => {
        reject(new Error(`${SEND_WORKER}: a claim ran for more than ${options.passTimeoutMs} ms; abandoned`));
      }, options.passTimeoutMs);
    });
    return Promise.race([options.pass(), hung]).finally(() => {
      clearTimeout(deadline);
    });
  };

  const kick = (): void => {
    if (stopped) return;
    if (running !== null) {
      again = true;
      return;
    }
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    running = guarded().then(
      (full) => {
        running = null;
        const now = full || again;
        again = false;
        if (now) setImmediate(kick);
        else wait(options.intervalMs);
      },
      (error: unknown) => {
        running = null;
        stopped = true;
        fail(error);
      },
    );
  };

  kick();
  return {
    done,
    kick,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running;
      end();
    },
  };
}
