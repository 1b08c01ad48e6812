import { describe, expect, it } from 'vitest';
import { daysFrom, isDay } from './range.ts';

describe('daysFrom', () => {
  it('lists consecutive calendar days, across a month end', () => {
    expect(daysFrom('2026-02-27', 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysFrom('nonsense', 3)).toEqual([]);
  });

  it('recognises a day', () => {
    expect(isDay('2026-03-01')).toBe(true);
    expect(isDay('2026-3-1')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
  });
});
