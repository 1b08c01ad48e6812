import type { LoopWatch } from '../../shared/supervisor.ts';
import { retryDelayMs, type Backoff } from './backoff.ts';
import type { ForwardMetrics } from './metrics.ts';
import type { NationalSend } from './national-client.ts';
import { Pacer } from './pacer.ts';
import type { ClaimedForward, ForwardedMark, ForwardRepository } from './repository.ts';

export interface RelayTuning {
  /** Chain heads claimed per pass (distinct chains: order holds); one claim statement serves them all. */
  readonly batch: number;
  /** Sends of a pass in flight at once. */
  readonly window: number;
  /** Sends started per second at most (the national quota); 0: unpaced, a 429's Retry-After paces it. */
  readonly maxPerSecond: number;
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
  /**
   * After a pass that sent rows without filling its batch, the next claim waits this long, and "look now" kicks do
   * not cut the wait short: the publications committed meanwhile go out with one claim, one read of their PDFs and
   * one mark instead of one each (ADR 0028: three statements and commits per pass). 0: the next pass at once.
   */
  readonly gatherMs?: number;
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
  const pacer = new Pacer(tuning.maxPerSecond);
  // A paced pass claims at most ~2 s of sends, well inside its lease (leaseMs: the timeout + 30 s).
  const batch = tuning.maxPerSecond > 0 ? Math.max(1, Math.min(tuning.batch, tuning.maxPerSecond * 2)) : tuning.batch;

  /** Sends one row; a forward's mark is returned to the pass (one statement for many), the rest are marked here. */
  async function forwardOne(item: ClaimedForward): Promise<ForwardedMark | null> {
    await pacer.turn();
    const outcome = await deps.send(item);
    await deps.afterSend?.(item);
    switch (outcome.kind) {
      case 'forwarded':
        return { id: item.id, workflowInstanceId: outcome.workflowInstanceId, operation: item.operation };
      case 'transient': {
        // A 429 stops every sender for its Retry-After (1 s without one); the row waits that long, not longer.
        const throttled = outcome.retryAfterMs ?? null;
        if (throttled !== null) pacer.pause(throttled);
        const delay = throttled ?? retryDelayMs(item.attempts + 1, tuning.backoff);
        await repo.markRetry(item.id, outcome.cause, outcome.message, delay);
        deps.metrics.failed(outcome.cause);
        return null;
      }
      case 'refused':
        await repo.markRefused(item.id, outcome.status, outcome.error);
        deps.metrics.failed('refused');
        deps.log.warn(
          { identificativoDoc: item.identificativoDoc, operation: item.operation, status: outcome.status },
          'fse2 forward: the national Gateway refused a change; it waits for a person',
        );
        return null;
    }
  }

  /**
   * One pass: claims up to `batch` chain heads in one statement, sends them `window` at a time, and marks the
   * forwarded ones in one statement per `window` answers (one commit each, not one per row): a crash before a
   * mark is the send-without-mark case, resent with the same key once the lease ends. How many rows it handled.
   */
  async function pass(): Promise<number> {
    const claimed = await repo.claim(batch, tuning.leaseMs);
    let next = 0;
    const failures: Error[] = [];
    const marking: Promise<void>[] = [];
    let forwarded: ForwardedMark[] = [];
    const flush = () => {
      const marks = forwarded;
      forwarded = [];
      if (marks.length === 0) return;
      marking.push(
        repo.markForwardedMany(marks).then(() => {
          for (const mark of marks) deps.metrics.forwarded(mark.operation);
        }),
      );
    };
    await Promise.all(
      Array.from({ length: Math.min(tuning.window, claimed.length) }, async () => {
        while (next < claimed.length) {
          const item = claimed[next++];
          if (item === undefined) break;
          try {
            const mark = await forwardOne(item);
            if (mark !== null) forwarded.push(mark);
          } catch (error) {
            failures.push(error instanceof Error ? error : new Error(String(error)));
          }
          if (forwarded.length >= tuning.window) flush();
        }
      }),
    );
    flush();
    const marks = await Promise.allSettled(marking);
    const failed = marks.find((r) => r.status === 'rejected');
    if (failures[0] !== undefined) throw failures[0];
    if (failed !== undefined) throw failed.reason;
    return claimed.length;
  }

  let lastProbe = 0;
  /** Nothing due: is the national side back? One early send of the oldest waiting head answers it. */
  async function probe(): Promise<number> {
    if (Date.now() - lastProbe < tuning.probeMs) return 0;
    lastProbe = Date.now();
    const [head] = await repo.claim(1, tuning.leaseMs, { early: true });
    const mark = head === undefined ? null : await forwardOne(head);
    if (mark === null) return 0;
    await repo.markForwardedMany([mark]);
    deps.metrics.forwarded(mark.operation);
    return 1 + (await repo.wakeWaiting());
  }

  const life = { running: false };
  // A call, not the property: stop() flips it while a pass is awaited, which narrowing cannot see.
  const running = (): boolean => life.running;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let gathering = false;
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
          if (!running()) break;
          const gather = tuning.gatherMs ?? 0;
          if (handled > 0 && handled < batch && gather > 0) {
            gathering = true;
            await sleep(gather);
            gathering = false;
          } else await sleep(handled > 0 ? 0 : tuning.idleMs);
        }
      })();
    },
    /** "Look now": a change was accepted. */
    kick(): void {
      if (!gathering) wake?.();
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
