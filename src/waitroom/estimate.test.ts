import { describe, expect, it } from 'vitest';
import { pollAfter, waitFigures } from './estimate.ts';
import type { Room } from './room.ts';

const NOW = Date.UTC(2021, 1, 15, 12, 0, 0);

/** An open room of `size` people, all present, admitting `perMinute`. */
const room = (size: number, perMinute: number): Room => ({
  id: 1,
  campaign: 'estimate-1',
  active: true,
  paused: false,
  opensAt: new Date(NOW - 60_000),
  admitPerMinute: perMinute,
  adaptive: false,
  targetP95Ms: 400,
  currentRate: null,
  rateChangedAt: null,
  holdSeconds: 300,
  issued: size,
  preQueue: 0,
  seed: null,
  openedAt: new Date(NOW - 60_000),
  positionsReady: true,
  admittedThrough: 0,
  admittedLive: 0,
  givenUp: 0,
  credit: 0,
  advancedAt: new Date(NOW),
  waiting: size,
  countedAt: new Date(NOW),
});

/** Polls per second of the whole room: each place polls once per the interval it is told. */
const pollsPerSecond = (size: number, perMinute: number): number => {
  const r = room(size, perMinute);
  let sum = 0;
  for (let position = 1; position <= size; position++)
    sum += 1 / waitFigures(r, position, NOW, () => 0.5).nextPollSeconds;
  return sum;
};

describe('poll intervals', () => {
  it('come at half the remaining wait, from 3 s to 10 minutes, with ±20% jitter', () => {
    expect(pollAfter(0, () => 0.5)).toBe(3);
    expect(pollAfter(100, () => 0.5)).toBe(50);
    expect(pollAfter(100, () => 0)).toBe(40);
    expect(pollAfter(100, () => 1)).toBe(60);
    expect(pollAfter(86_400, () => 0.5)).toBe(600);
  });

  it('keep the polls of a room about flat in its size (issue 21: 75,000 people waiting)', () => {
    // 100 admissions a second: ~2 x 100 x (1 + ln(size / 600)) polls a second.
    const at75k = pollsPerSecond(75_000, 6_000);
    const at150k = pollsPerSecond(150_000, 6_000);
    expect(at75k).toBeLessThan(2 * 100 * (1 + Math.log(75_000 / 600)) * 1.1);
    // Twice the people, 12% more polls (a 30 s ceiling made it 73% more).
    expect(at150k / at75k).toBeLessThan(1.15);
  });
});
