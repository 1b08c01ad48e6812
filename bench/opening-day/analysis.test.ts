import { describe, expect, it } from 'vitest';
import { bestWindow, outOfOrderShare, percentiles } from './analysis.ts';
import { arrivalSchedule } from './arrivals.ts';
import type { PersonRow } from './protocol.ts';

const row = (joinStart: number, joinEnd: number, position: number, preQueue = 0): PersonRow => [
  1,
  joinStart,
  joinStart,
  joinEnd,
  preQueue,
  position,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  0,
  0,
  'enrolled',
];

describe('the benchmark figures', () => {
  it('count as out of order only a place behind someone who arrived strictly later', () => {
    // B (place 3) joined before C started, yet C holds place 2: B was overtaken.
    expect(outOfOrderShare([row(0, 10, 1), row(20, 30, 3), row(40, 50, 2)])).toEqual({
      people: 3,
      outOfOrder: 1,
      share: 1 / 3,
    });
    // Overlapping requests have no order to keep; the pre-queue is drawn, so it is left out.
    expect(outOfOrderShare([row(0, 100, 5), row(10, 20, 4), row(200, 210, 1, 1)]).outOfOrder).toBe(0);
  });

  it('take the best sustained window and nearest-rank percentiles', () => {
    expect(bestWindow([0, 10, 10, 10, 0, 50], 3)).toBeCloseTo(20);
    expect(bestWindow([4, 4], 60)).toBe(4);
    expect(percentiles([5, 1, 4, 2, 3])).toMatchObject({ count: 5, p50: 3, p99: 5, max: 5 });
  });

  it('shape arrivals: 15% before the opening, 35% in the first tenth, all within the window', () => {
    const at = arrivalSchedule(100_000, 600_000, 1);
    const share = (from: number, to: number): number => at.filter((t) => t >= from && t < to).length / at.length;
    expect(share(-60_000, 0)).toBeCloseTo(0.15, 2);
    expect(share(0, 60_000)).toBeCloseTo(0.35, 1);
    expect(Math.min(...at)).toBeGreaterThanOrEqual(-60_000);
    expect(Math.max(...at)).toBeLessThanOrEqual(540_000);
  });
});
