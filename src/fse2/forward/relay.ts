import type { LoopWatch } from '../../shared/supervisor.ts';
import { retryDelayMs, type Backoff } from './backoff.ts';
import type { ForwardMetrics } from './metrics.ts';
import type { NationalSend } from './national-client.ts';
import type { SendOutcome } from './types.ts';
import type { ClaimedForward, ForwardRepository } from './repository.ts';

export interface RelayTuning {
  /** Chain heads claimed per pass, sent in parallel (distinct chains: order holds). */
  readonly batch: number;
  /** Wait between passes that found nothing due. */
  readonly idleMs: number;
  /** How long a claimed row is held: longer than a send's timeout, or another relay could send it meanwhile. */
  readonly leaseMs: number;
  readonly backoff: Backoff;
  /**
   * While rows wait out their backoff and nothing is due, the oldest waiting head is sent early at most this
   * often; if the national side takes it, every waiting row becomes due at once. Without it the drain after an
   * outage starts up to one backoff cap (5 min) after the return; with it, within this interval (ADR 0014).
   */
  readonly probeMs: number;
}

export interface RelayLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * The forwarding relay: a timer loop over the outbox (ADR 0014). Each pass claims the due chain heads, sends
 * them, and marks each forwarded, retried with backoff, or refused. A process that dies between a send and its
 * mark leaves the row leased: once the lease ends another pass sends it again, with the same idempotency key.
 */
export function createRelay(deps: {
  repo: ForwardRepository;
  send: NationalSend;
  metrics: ForwardMetrics;
  tuning: RelayTuning;
  log: RelayLog;
  watch?: LoopWatch;
  /** Tests: runs after a send and before its mark (a throw there is a crash between the two). */
  afterSend?: (item: ClaimedForward) => Promise<void> | void;
}) {
  const { repo, tuning } = deps;

  async function forwardOne(item: ClaimedForward): Promise<SendOutcome['kind']> {
    const outcome = await deps.send(item);
    await deps.afterSend?.(item);
    switch (outcome.kind) {
      case 'forwarded':
        await repo.markForwarded(item.id, outcome.workflowInstanceId);
        deps.metrics.forwarded(item.operation);
        return outcome.kind;
      case 'transient': {
        const delay = retryDelayMs(item.attempts + 1, tuning.backoff);
        await repo.markRetry(item.id, outcome.cause, outcome.message, delay);
        deps.metrics.failed(outcome.cause);
        return outcome.kind;
      }
      case 'refused':
        await repo.markRefused(item.id, outcome.status, outcome.error);
        deps.metrics.failed('refused');
        deps.log.warn(
          { identificativoDoc: item.identificativoDoc, operation: item.operation, status: outcome.status },
          'fse2 forward: the national Gateway refused a change; it waits for a person',
        );
        return outcome.kind;
    }
  }

  /** One pass: how many rows it handled (0: nothing due). */
  async function pass(): Promise<number> {
    const claimed = await repo.claim(tuning.batch, tuning.leaseMs);
    const results = await Promise.allSettled(claimed.map((item) => forwardOne(item)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return claimed.length;
  }

  let lastProbe = 0;
  /** Nothing due: is the national side back? One early send of the oldest waiting head answers it. */
  async function probe(): Promise<number> {
    if (Date.now() - lastProbe < tuning.probeMs) return 0;
    lastProbe = Date.now();
    const [head] = await repo.claim(1, tuning.leaseMs, { early: true });
    if (head === undefined || (await forwardOne(head)) !== 'forwarded') return 0;
    return 1 + (await repo.wakeWaiting());
  }

  const life = { running: false };
  // A call, not the property: stop() flips it while a pass is awaited, which narrowing cannot see.
  const running = (): boolean => life.running;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    pass,
    start(): void {
      if (life.running) return;
      life.running = true;
      loop = (async () => {
        while (running()) {
          let handled = 0;
          try {
            handled = await (deps.watch ? deps.watch.guard(pass) : pass());
            if (handled === 0) handled = await (deps.watch ? deps.watch.guard(probe) : probe());
          } catch (error) {
            deps.log.error({ err: error }, 'fse2 forward: a relay pass failed; the next one starts afresh');
          }
          if (running()) await sleep(handled > 0 ? 0 : tuning.idleMs);
        }
      })();
    },
    /** "Look now": a change was accepted. */
    kick(): void {
      wake?.();
    },
    async stop(): Promise<void> {
      life.running = false;
      wake?.();
      await loop;
      loop = null;
      deps.watch?.stop();
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
