import { describe, expect, it } from 'vitest';
import { hoursMinutesText } from './labels.ts';

const plain = (n: number) => String(n);

describe('the age against the SLA', () => {
  it('is hours and minutes, to the minute, from 0 s to past the 24 h', () => {
    expect(hoursMinutesText(0, plain)).toBe('0 min');
    expect(hoursMinutesText(59, plain)).toBe('0 min');
    expect(hoursMinutesText(45 * 60, plain)).toBe('45 min');
    expect(hoursMinutesText(3 * 3600 + 12 * 60 + 30, plain)).toBe('3 h 12 min');
    expect(hoursMinutesText(86_400, plain)).toBe('24 h');
    expect(hoursMinutesText(7_200, plain)).toBe('2 h');
    expect(hoursMinutesText(26 * 3600 + 5 * 60, plain)).toBe('26 h 5 min');
  });
});
