import { describe, expect, it } from 'vitest';
import { romeWallClock } from './rome-time.ts';

describe('romeWallClock (Europe/Rome wall time to an instant)', () => {
  it('reads a winter time as +01:00 and a summer time as +02:00', () => {
    expect(romeWallClock(2022, 1, 15, 10, 0, 0)?.toISOString()).toBe('2022-01-15T09:00:00.000Z');
    expect(romeWallClock(2022, 7, 15, 10, 0, 0)?.toISOString()).toBe('2022-07-15T08:00:00.000Z');
  });

  it('follows the changes on the last Sundays of March and October', () => {
    // 2022-03-27: 02:00 CET became 03:00 CEST. 01:59:59 is winter time, 03:00 summer time.
    expect(romeWallClock(2022, 3, 27, 1, 59, 59)?.toISOString()).toBe('2022-03-27T00:59:59.000Z');
    expect(romeWallClock(2022, 3, 27, 3, 0, 0)?.toISOString()).toBe('2022-03-27T01:00:00.000Z');
    // 02:30 did not exist that night: read with the winter offset, it is 03:30 summer time.
    expect(romeWallClock(2022, 3, 27, 2, 30, 0)?.toISOString()).toBe('2022-03-27T01:30:00.000Z');
    // 2022-10-30: 03:00 CEST became 02:00 CET, so 02:30 happened twice: the first (summer) one is taken.
    expect(romeWallClock(2022, 10, 30, 2, 30, 0)?.toISOString()).toBe('2022-10-30T00:30:00.000Z');
    expect(romeWallClock(2022, 10, 30, 3, 30, 0)?.toISOString()).toBe('2022-10-30T02:30:00.000Z');
  });

  it('refuses fields that are no date instead of rolling them over', () => {
    expect(romeWallClock(2024, 2, 30)).toBeNull();
    expect(romeWallClock(2024, 4, 1, 24, 0, 0)).toBeNull();
    expect(romeWallClock(2024, 13, 1)).toBeNull();
  });
});
