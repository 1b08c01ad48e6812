import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Supervision, Supervisor, type RunningWorker } from './supervisor.ts';

const log = { info: vi.fn(), error: vi.fn() };

/** A worker the test ends (or that refuses to start) on demand. */
function fakeWorkers() {
  const started: { end: (error?: Error) => void; stop: ReturnType<typeof vi.fn> }[] = [];
  let refuse: Error | null = null;
  const start = vi.fn((): Promise<RunningWorker> => {
    if (refuse !== null) return Promise.reject(refuse);
    let end: (error?: Error) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      end = (error) => {
        if (error) reject(error);
        else resolve();
      };
    });
    const stop = vi.fn(() => {
      end();
      return Promise.resolve();
    });
    started.push({
      end: (error) => {
        end(error);
      },
      stop,
    });
    return Promise.resolve({ done, stop });
  });
  return {
    start,
    started,
    refuseWith: (error: Error | null) => {
      refuse = error;
    },
    last: () => started.at(-1),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the worker supervisor', () => {
  it(
    'restarts a worker that ends, after 0.5 s doubling up to 30 s, ' +
      'and from 0.5 s again once it ran for a healthy while',
    async () => {
      const w = fakeWorkers();
      const s = new Supervisor({ name: 'notify_send', start: w.start, log });
      await s.start();
      expect(s.status()).toEqual({ name: 'notify_send', state: 'running', restarts: 0, lastError: null });

      w.last()?.end(new Error('worker pool exited with error: the database system is shutting down'));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.status()).toMatchObject({
        state: 'restarting',
        lastError: 'worker pool exited with error: the database system is shutting down',
      });
      await vi.advanceTimersByTimeAsync(499);
      expect(w.start).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(w.start).toHaveBeenCalledTimes(2);
      expect(s.status()).toMatchObject({ state: 'running', restarts: 1 });

      // While the database stays away every start fails: 1 s, 2 s, 4 s… capped at 30 s.
      w.refuseWith(new Error('connect ECONNREFUSED'));
      w.last()?.end(); // a runner that ends "cleanly" on its own is just as dead
      const waits: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const calls = w.start.mock.calls.length;
        let waited = 0;
        while (w.start.mock.calls.length === calls) {
          await vi.advanceTimersByTimeAsync(100);
          waited += 100;
        }
        waits.push(waited);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
      expect(s.status()).toMatchObject({ state: 'restarting', restarts: 9, lastError: 'connect ECONNREFUSED' });

      w.refuseWith(null);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(s.status().state).toBe('running');
      await vi.advanceTimersByTimeAsync(60_000); // healthy for a minute: the next end waits 0.5 s again
      w.last()?.end(new Error('again'));
      await vi.advanceTimersByTimeAsync(500);
      expect(s.status()).toMatchObject({ state: 'running', restarts: 11 });
      await s.stop();
    },
  );

  it('stops for good: no restart after stop(), whether the worker was running or waiting for its backoff', async () => {
    const w = fakeWorkers();
    const s = new Supervisor({ name: 'jobs', start: w.start, log });
    await s.start();
    await s.stop();
    expect(w.last()?.stop).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.start).toHaveBeenCalledTimes(1);
    expect(s.status().state).toBe('stopped');

    await s.start();
    w.last()?.end(new Error('lost'));
    await vi.advanceTimersByTimeAsync(100);
    expect(s.status().state).toBe('restarting');
    await s.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.start).toHaveBeenCalledTimes(2);
    expect(s.status().state).toBe('stopped');
  });

  it('fails its first start as the worker did, without retrying', async () => {
    const w = fakeWorkers();
    w.refuseWith(new Error('no database'));
    const s = new Supervisor({ name: 'jobs', start: w.start, log });
    await expect(s.start()).rejects.toThrow('no database');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.start).toHaveBeenCalledTimes(1);
  });

  it('reports the workers that are not running and counts restarts in Prometheus', async () => {
    const registry = new Registry();
    const supervision = new Supervision({ log, registry });
    const jobs = fakeWorkers();
    const sms = fakeWorkers();
    await supervision.supervise('jobs', jobs.start).start();
    const smsRunner = supervision.supervise('notify_send', sms.start);
    await smsRunner.start();
    sms.refuseWith(new Error('the database system is shutting down'));
    sms.last()?.end(new Error('the database system is shutting down'));
    await vi.advanceTimersByTimeAsync(500);

    expect(supervision.statuses().map((s) => [s.name, s.state])).toEqual([
      ['jobs', 'running'],
      ['notify_send', 'restarting'],
    ]);
    const metrics = await registry.metrics();
    expect(metrics).toContain('worker_restarts_total{worker="notify_send"} 1');
    expect(metrics).toContain('worker_running{worker="notify_send"} 0');
    expect(metrics).toContain('worker_running{worker="jobs"} 1');

    await smsRunner.stop();
    expect(supervision.statuses().map((s) => s.name)).toEqual(['jobs']);
  });
});
