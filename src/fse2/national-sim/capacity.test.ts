import { describe, expect, it } from 'vitest';
import { CapacityLimit, retryAfterSeconds } from './capacity.ts';

describe('the simulated national capacity (token bucket)', () => {
  it('takes one second of requests at once, then refills at the configured rate', () => {
    let now = 0;
    const limit = new CapacityLimit(500, () => now);
    for (let i = 0; i < 500; i++) expect(limit.take()).toBe(0);
    // The 501st in the same instant waits for the next token: 1000 / 500 = 2 ms.
    expect(limit.take()).toBe(2);
    now += 100; // 100 ms refill 50 tokens, no more
    for (let i = 0; i < 50; i++) expect(limit.take()).toBe(0);
    expect(limit.take()).toBeGreaterThan(0);
    now += 60_000; // a long quiet spell refills one second's worth only
    let taken = 0;
    while (limit.take() === 0) taken++;
    expect(taken).toBe(500);
  });

  it('lets a client paced at the capacity through for a whole minute, and 0 means no limit', () => {
    let now = 0;
    const limit = new CapacityLimit(200, () => now);
    for (let i = 0; i < 200; i++) limit.take(); // a burst empties the bucket first
    let refused = 0;
    for (let i = 0; i < 200 * 60; i++) {
      now += 5; // 200/s
      if (limit.take() > 0) refused++;
    }
    expect(refused).toBe(0);
    limit.perSecond = 0;
    for (let i = 0; i < 10_000; i++) expect(limit.take()).toBe(0);
  });

  it('says Retry-After in whole seconds, at least 1', () => {
    expect(retryAfterSeconds(2)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
  });
});
