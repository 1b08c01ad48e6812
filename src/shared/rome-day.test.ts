import { describe, expect, it } from 'vitest';
import { romeDay } from './rome-day.ts';

describe('romeDay', () => {
  it('is the day in Rome, not in UTC', () => {
    expect(romeDay(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23'); // 00:30 in Rome (CET)
    expect(romeDay(new Date('2026-07-10T22:30:00Z'))).toBe('2026-07-11'); // 00:30 in Rome (CEST)
    expect(romeDay(new Date('2026-11-22T22:30:00Z'))).toBe('2026-11-22');
  });

  it('adds days across month and year ends', () => {
    expect(romeDay(new Date('2026-12-31T12:00:00Z'), 1)).toBe('2027-01-01');
    expect(romeDay(new Date('2026-03-01T12:00:00Z'), -1)).toBe('2026-02-28');
  });
});
