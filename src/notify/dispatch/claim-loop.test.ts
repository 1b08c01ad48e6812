import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Supervision } from '../../shared/supervisor.ts';
import { SEND_WORKER, startClaimLoop } from './claim-loop.ts';

const log = { info: vi.fn(), error: vi.fn(), warn: vi.fn() };

beforeEach(() => {
  vi.useFakeTimers();
});

/** Lets the loop's promises and (fake, 1 ms) immediates run out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await vi.advanceTimersByTimeAsync(1);
}
afterEach(() => {
  vi.useRealTimers();
});

describe('the SMS claim loop', () => {
  it('polls while claims come back short, and claims again at once while they come back full', async () => {
    const answers = [false, true, true, false];
    const pass = vi.fn(() => Promise.resolve(answers.shift() ?? false));
    const loop = startClaimLoop({ pass, intervalMs: 50, passTimeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(pass).toHaveBeenCalledTimes(1); // at start
    await vi.advanceTimersByTimeAsync(49);
    expect(pass).toHaveBeenCalledTimes(1);
    // The poll at 50 ms: one pass, then two more at once (full; a fake immediate is 1 ms), the fourth short.
    await vi.advanceTimersByTimeAsync(5);
    expect(pass).toHaveBeenCalledTimes(4);
    // The next poll comes 50 ms after the short one (about 102 ms).
    await vi.advanceTimersByTimeAsync(45);
    expect(pass).toHaveBeenCalledTimes(4);
    await vi.advanceTimersByTimeAsync(5);
    expect(pass).toHaveBeenCalledTimes(5);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(pass).toHaveBeenCalledTimes(5);
  });

  it('claims at once when kicked (a provider came back), and once more after a kick during a pass', async () => {
    let finish: (full: boolean) => void = () => undefined;
    const pass = vi.fn(
      () =>
        new Promise<boolean>((resolve) => {
          finish = resolve;
        }),
    );
    const loop = startClaimLoop({ pass, intervalMs: 10_000, passTimeoutMs: 30_000 });
    finish(false);
    await vi.advanceTimersByTimeAsync(0);
    loop.kick();
    expect(pass).toHaveBeenCalledTimes(2);
    loop.kick(); // during the pass: one more right after it, not two at once
    loop.kick();
    expect(pass).toHaveBeenCalledTimes(2);
    finish(false);
    await settle();
    expect(pass).toHaveBeenCalledTimes(3);
    finish(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pass).toHaveBeenCalledTimes(3);
    await loop.stop();
  });

  it('ends when the database is away, and its supervisor starts it again after the backoff', async () => {
    const supervision = new Supervision({ log, backoff: { initialMs: 500 } });
    let away = true;
    const pass = vi.fn(() =>
      away ? Promise.reject(new Error('the database system is shutting down')) : Promise.resolve(false),
    );
    const supervisor = supervision.supervise(SEND_WORKER, () =>
      Promise.resolve(startClaimLoop({ pass, intervalMs: 50, passTimeoutMs: 30_000 })),
    );
    await supervisor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(supervision.statuses()).toEqual([
      { name: SEND_WORKER, state: 'restarting', restarts: 0, lastError: 'the database system is shutting down' },
    ]);
    away = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(supervision.statuses()).toMatchObject([{ name: SEND_WORKER, state: 'running', restarts: 1 }]);
    const calls = pass.mock.calls.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(pass.mock.calls.length).toBeGreaterThanOrEqual(calls + 9);
    await supervisor.stop();
  });

  it('abandons a claim that never returns (a half-closed connection) and goes on with a fresh loop', async () => {
    const supervision = new Supervision({ log, backoff: { initialMs: 500 } });
    let calls = 0;
    const pass = vi.fn(() => {
      calls += 1;
      // The first statement hangs for ever; the rest answer.
      return calls === 1 ? new Promise<boolean>(() => undefined) : Promise.resolve(false);
    });
    const supervisor = supervision.supervise(SEND_WORKER, () =>
      Promise.resolve(startClaimLoop({ pass, intervalMs: 100, passTimeoutMs: 30_000 })),
    );
    await supervisor.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(pass.mock.calls.length).toBeGreaterThan(1);
    expect(supervision.statuses()).toEqual([
      { name: SEND_WORKER, state: 'running', restarts: 1, lastError: expect.stringMatching(/abandoned/) as string },
    ]);
    await supervisor.stop();
  });
});
