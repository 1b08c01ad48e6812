import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  const backoff = { baseMs: 1_000, capMs: 300_000 };
  it('doubles from the base and stops at the cap, half fixed and half jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, backoff, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, backoff, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(30, backoff, () => 1)).toBe(300_000);
    expect(retryDelayMs(30, backoff, () => 0)).toBe(150_000);
  });
});
