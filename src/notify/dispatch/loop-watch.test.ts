import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobRelay } from './relay.ts';
import type { RelayRepository } from './relay-repository.ts';
import { Supervision } from '../../shared/supervisor.ts';

const log = { info: vi.fn(), error: vi.fn(), warn: vi.fn() };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the watchdog of a timer loop', () => {
  it('abandons a pass hanging past its limit, counts a restart, says stalled until a pass completes', async () => {
    const registry = new Registry();
    const supervision = new Supervision({ log, registry });
    const watch = supervision.watchLoop('waitroom_refresher', 30_000);

    const hung = watch.guard(() => new Promise<never>(() => undefined));
    const outcome = hung.then(
      () => 'completed',
      (error: unknown) => (error as Error).message,
    );
    await vi.advanceTimersByTimeAsync(29_999);
    expect(watch.status().state).toBe('running');
    await vi.advanceTimersByTimeAsync(2);
    expect(await outcome).toMatch(/waitroom_refresher: a pass ran for more than 30000 ms; abandoned/);
    expect(supervision.statuses()).toEqual([
      {
        name: 'waitroom_refresher',
        state: 'stalled',
        restarts: 1,
        lastError: expect.stringMatching(/abandoned/) as string,
      },
    ]);
    expect(await registry.getSingleMetricAsString('worker_restarts_total')).toContain(
      'worker_restarts_total{worker="waitroom_refresher"} 1',
    );

    await watch.guard(() => Promise.resolve());
    expect(watch.status()).toEqual({ name: 'waitroom_refresher', state: 'running', restarts: 1, lastError: null });
  });

  it('reports a loop whose every pass fails as stalled once no pass has completed for the limit', async () => {
    const supervision = new Supervision({ log });
    const watch = supervision.watchLoop('notify_relay', 30_000);
    const failing = async (): Promise<void> => {
      await watch
        .guard(() => Promise.reject(new Error('permission denied for table notify_messages')))
        .catch(() => undefined);
    };
    await failing();
    expect(watch.status().state).toBe('running');
    await vi.advanceTimersByTimeAsync(30_001);
    await failing();
    expect(watch.status()).toMatchObject({
      state: 'stalled',
      lastError: 'permission denied for table notify_messages',
    });
    watch.stop();
    expect(supervision.statuses()).toEqual([]);
  });

  it('lets the SMS relay go on after a pass that never returns (the next tick relays)', async () => {
    const supervision = new Supervision({ log });
    let calls = 0;
    const addJobs = vi.fn(() => {
      calls += 1;
      // The first statement hangs for ever (a connection the database half-closed); the rest answer.
      return calls === 1 ? new Promise<number>(() => undefined) : Promise.resolve(0);
    });
    const repo = { addJobs, forgetStaleJobs: () => Promise.resolve(0) } as unknown as RelayRepository;
    const relay = new JobRelay({
      repo,
      logger: { ...log, debug: vi.fn() },
      priorities: [0, 1, 2, 3],
      window: 100,
      batch: 100,
      intervalMs: 100,
      staleMs: 300_000,
      watch: supervision.watchLoop('notify_relay', 30_000),
    });
    relay.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(addJobs).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(addJobs.mock.calls.length).toBeGreaterThan(1);
    expect(supervision.statuses()).toEqual([{ name: 'notify_relay', state: 'running', restarts: 1, lastError: null }]);
    await relay.stop();
  });
});
