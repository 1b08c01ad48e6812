import { describe, expect, it } from 'vitest';
import { estimatedDays } from './period.ts';

describe('estimatedDays', () => {
  it('turns weeks counted from the enrollment into a first and last day', () => {
    expect(estimatedDays('2026-03-02T09:00:00Z', { fromWeek: 1, toWeek: 2 })).toEqual({
      first: '2026-03-02',
      last: '2026-03-15',
    });
    expect(estimatedDays('2026-03-02T09:00:00Z', { fromWeek: 3, toWeek: 4 })).toEqual({
      first: '2026-03-16',
      last: '2026-03-29',
    });
  });

  it('gives up on nonsense rather than printing it', () => {
    expect(estimatedDays('yesterday', { fromWeek: 1, toWeek: 2 })).toBeNull();
    expect(estimatedDays('2026-03-02T09:00:00Z', { fromWeek: 3, toWeek: 2 })).toBeNull();
  });
});
