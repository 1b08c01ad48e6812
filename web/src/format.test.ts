import { describe, expect, it } from 'vitest';
import { formatters } from './format.ts';

describe('formatters', () => {
  it('groups thousands the Italian way by default', () => {
    expect(formatters('it').number(10_027_602)).toBe('10.027.602');
  });

  it('uses English separators in English', () => {
    expect(formatters('en').number(10_027_602)).toBe('10,027,602');
  });

  it('shows a share with one decimal and a dash for an empty whole', () => {
    expect(formatters('en').percent(1, 3)).toBe('33.3%');
    expect(formatters('it').percent(1, 0)).toBe('–');
  });

  it('prints a calendar date without shifting it across time zones', () => {
    expect(formatters('it').date('1936-03-12')).toBe('12 marzo 1936');
    expect(formatters('en').date('1936-03-12')).toBe('12 March 1936');
    expect(formatters('it').date('not a date')).toBe('not a date');
  });

  it('prints a moment in Italian time', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Milan.
    expect(formatters('it').dateTime('2025-12-31T23:30:00Z')).toBe('1 gen 2026, 00:30');
    expect(formatters('en').dateTime('garbage')).toBe('garbage');
  });

  it('prints a weekday, a time of day and a Rome wall-clock moment', () => {
    expect(formatters('it').weekday('2026-03-16')).toBe('lunedì 16 marzo 2026');
    expect(formatters('en').weekday('2026-03-16')).toBe('Monday, 16 March 2026');
    // 08:40 UTC is 09:40 in Milan in winter.
    expect(formatters('it').time('2026-01-15T08:40:00Z')).toBe('09:40');
    expect(formatters('it').wallClock(new Date(Date.UTC(2026, 2, 15, 10, 0)))).toMatch(/^15 marzo 2026.*10:00$/);
  });
});
