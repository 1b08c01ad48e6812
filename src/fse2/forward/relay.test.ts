import { describe, expect, it } from 'vitest';
import type { ForwardMetrics } from './metrics.ts';
import type { NationalSend } from './national-client.ts';
import { createRelay } from './relay.ts';
import type { ClaimedForward, ForwardedMark, ForwardRepository } from './repository.ts';
import type { SendOutcome } from './types.ts';

const item = (id: number): ClaimedForward => ({
  id: String(id),
  idempotencyKey: `key-${id}`,
  identificativoDoc: `DOC^${id}`,
  operation: 'create',
  request: { target: null, requestBody: {}, claims: {} },
  file: null,
  attempts: 0,
});

/** A relay over an in-memory outbox of `rows`, answering each send with `answer`. */
function relayOver(
  rows: ClaimedForward[],
  answer: (item: ClaimedForward) => SendOutcome | Promise<SendOutcome>,
  window = 4,
  gatherMs?: number,
) {
  const marks: ForwardedMark[][] = [];
  const retries: { id: string; cause: string; delayMs: number }[] = [];
  const sent: { id: string; at: number }[] = [];
  const claims: number[] = [];
  const repo = {
    claim: (limit: number) => {
      const claimed = rows.splice(0, limit);
      claims.push(claimed.length);
      return Promise.resolve(claimed);
    },
    markForwardedMany: (list: readonly ForwardedMark[]) => {
      marks.push([...list]);
      return Promise.resolve();
    },
    markRetry: (id: string, cause: string, _message: string, delayMs: number) => {
      retries.push({ id, cause, delayMs });
      return Promise.resolve();
    },
  } as unknown as ForwardRepository;
  const send: NationalSend = (claimed) => {
    sent.push({ id: claimed.id, at: performance.now() });
    return Promise.resolve(answer(claimed));
  };
  const metrics: ForwardMetrics = { forwarded: () => undefined, failed: () => undefined };
  const relay = createRelay({
    repo,
    send,
    metrics,
    log: { warn: () => undefined, error: () => undefined },
    tuning: {
      batch: 256,
      window,
      maxPerSecond: 0,
      idleMs: 10,
      leaseMs: 60_000,
      backoff: { baseMs: 50, capMs: 400 },
      probeMs: 60_000,
      ...(gatherMs === undefined ? {} : { gatherMs }),
    },
  });
  return { relay, marks, retries, sent, claims };
}

describe('the forwarding relay', () => {
  it('claims many heads in one statement and marks the forwarded ones one window per statement', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => item(i + 1));
    const ids = rows.map((r) => r.id); // the claim takes the rows out of the array
    const { relay, marks, sent } = relayOver(rows, () => ({
      kind: 'forwarded',
      workflowInstanceId: 'w',
      duplicate: false,
    }));
    expect(await relay.pass()).toBe(10);
    expect(sent.map((s) => s.id).sort((a, b) => Number(a) - Number(b))).toEqual(ids);
    // 10 answers, window 4: 3 statements instead of 10, every row marked once.
    expect(marks.length).toBe(3);
    expect(
      marks
        .flat()
        .map((m) => m.id)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual(ids);
  });

  it('marks every forwarded row exactly once when answers come back in any order', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => item(i + 1));
    const ids = rows.map((r) => r.id);
    // Answers 0-3 ms late, so sends end while a window's marks are being flushed.
    const late = (ms: number) =>
      new Promise<SendOutcome>((resolve) => {
        setTimeout(() => {
          resolve({ kind: 'forwarded', workflowInstanceId: null, duplicate: false });
        }, ms);
      });
    const { relay, marks } = relayOver(rows, (claimed) => late(Number(claimed.id) % 4), 8);
    expect(await relay.pass()).toBe(200);
    expect(
      marks
        .flat()
        .map((m) => m.id)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual(ids);
  });

  it('honours a 429: the row waits its Retry-After and no send starts before that pause ends', async () => {
    const throttledAt: number[] = [];
    const { relay, retries, sent, marks } = relayOver(
      [item(1), item(2), item(3)],
      (claimed) => {
        if (claimed.id !== '1') return { kind: 'forwarded', workflowInstanceId: null, duplicate: false };
        throttledAt.push(performance.now());
        return { kind: 'transient', cause: 'throttled', message: 'HTTP 429', retryAfterMs: 300 };
      },
      1,
    );
    // One send at a time: the first is answered 429, so the next two start only after its Retry-After.
    expect(await relay.pass()).toBe(3);
    expect(retries).toEqual([{ id: '1', cause: 'throttled', delayMs: 300 }]);
    expect(
      marks
        .flat()
        .map((m) => m.id)
        .sort(),
    ).toEqual(['2', '3']);
    // The pause is a lower bound set by the relay itself (timers never fire early), not a measured speed.
    expect(sent.map((s) => s.id)).toEqual(['1', '2', '3']);
    for (const s of sent.slice(1)) expect(s.at - (throttledAt[0] ?? 0)).toBeGreaterThanOrEqual(299);
  });

  it('after a pass that sent rows, gathers what comes meanwhile in one claim; kicks do not cut the wait', async () => {
    const rows = [item(1)];
    const { relay, marks, claims } = relayOver(
      rows,
      () => ({ kind: 'forwarded', workflowInstanceId: null, duplicate: false }),
      4,
      1_000,
    );
    const until = async (done: () => boolean) => {
      const deadline = performance.now() + 10_000;
      while (!done()) {
        if (performance.now() > deadline) throw new Error('the relay did not get there in 10 s');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    relay.start();
    try {
      await until(() => marks.flat().length === 1);
      // Three publications commit while the relay gathers, each kicking it.
      for (const id of [2, 3, 4]) {
        rows.push(item(id));
        relay.kick();
      }
      await until(() => marks.flat().length === 4);
      // One claim took the first row, the very next took the three together: no claim in between (without the
      // gathering one runs at once and finds nothing), and the kicks did not start one each.
      expect(claims.slice(0, 2)).toEqual([1, 3]);
      expect(marks.map((m) => m.map((x) => x.id))).toEqual([['1'], ['2', '3', '4']]);
    } finally {
      await relay.stop();
    }
  });
});
