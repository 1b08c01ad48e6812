import { describe, expect, it } from 'vitest';
import { addDays, recoveryDates } from './recovery-dates.ts';

describe('recovery certificate dates', () => {
  it('are valid from fr + 11 days until fr + 180 days', () => {
    expect(recoveryDates('2021-10-01', '2021-10-20')).toEqual({ fr: '2021-10-01', df: '2021-10-12', du: '2022-03-30' });
  });

  it('count calendar days across months, leap days and DST changes', () => {
    expect(addDays('2024-02-20', 11)).toBe('2024-03-02');
    expect(addDays('2021-03-20', 11)).toBe('2021-03-31');
  });

  it('refuse a date in the future, one too old, and a date that does not exist', () => {
    expect(recoveryDates('2021-10-21', '2021-10-20')).toMatchObject({
      field: '/firstPositiveDate',
      message: expect.stringContaining('future') as string,
    });
    expect(recoveryDates('2021-10-20', '2021-10-20')).toMatchObject({ df: '2021-10-31' });
    // Day 180 is still the last valid day; day 181 is too late.
    expect(recoveryDates('2021-01-01', '2021-06-30')).toMatchObject({ du: '2021-06-30' });
    expect(recoveryDates('2021-01-01', '2021-07-01')).toMatchObject({
      message: expect.stringContaining('180 days') as string,
    });
    expect(recoveryDates('2021-02-30', '2021-10-20')).toMatchObject({ message: 'expected a date as YYYY-MM-DD' });
    expect(recoveryDates('yesterday', '2021-10-20', '/fr')).toMatchObject({ field: '/fr' });
  });
});
