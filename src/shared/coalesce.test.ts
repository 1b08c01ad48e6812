import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce.ts';

describe('coalesce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once per window, after the requests, and again for requests after it', async () => {
    const run = vi.fn(() => Promise.resolve());
    const request = coalesce(run, 1_000, () => undefined);
    for (let i = 0; i < 300; i++) request();
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    request();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('hands a failed run to onError and keeps working', async () => {
    const errors: unknown[] = [];
    const request = coalesce(
      () => Promise.reject(new Error('database away')),
      10,
      (e) => errors.push(e),
    );
    request();
    await vi.advanceTimersByTimeAsync(10);
    request();
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(2);
  });
});
