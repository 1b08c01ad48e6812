import { describe, expect, it } from 'vitest';
import { LoadTracker, nextRate } from './load.ts';

describe('adaptive admission', () => {
  it('halves over twice the target, slows by a quarter over it, speeds up under 60% of it while people wait', () => {
    expect(nextRate(1_000, 900, 400, 10_000, true)).toBe(500);
    expect(nextRate(1_000, 700, 400, 10_000, true)).toBe(750);
    expect(nextRate(1_000, 100, 400, 30_000, true)).toBe(1_206);
    expect(nextRate(1_000, 300, 400, 30_000, true)).toBe(1_000); // between 60% and 100%: hold
    expect(nextRate(1_000, 100, 400, 30_000, false)).toBe(1_000); // nobody waiting: no reason to grow
  });

  it('stays between 2% of the ceiling and the ceiling', () => {
    expect(nextRate(29_000, 0, 400, 30_000, true)).toBe(30_000);
    expect(nextRate(700, 5_000, 400, 30_000, true)).toBe(600);
    expect(nextRate(5, 5_000, 400, 100, true)).toBe(6);
  });

  it('reports the p95 of the last five seconds of answers', () => {
    const load = new LoadTracker();
    for (let i = 1; i <= 100; i++) load.observe(i, 10_000);
    load.observe(5_000, 1_000); // too old to count
    const snapshot = load.snapshot(12_000);
    expect(snapshot.requests).toBe(100);
    expect(snapshot.p95Ms).toBeGreaterThanOrEqual(95);
    expect(snapshot.p95Ms).toBeLessThan(200);
    load.stop();
  });
});
