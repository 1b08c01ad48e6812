import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});
