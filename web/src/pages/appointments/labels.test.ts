import { describe, expect, it } from 'vitest';
import { dayAhead } from './labels.ts';

describe('dayAhead', () => {
  it('counts days from the date in Lombardy, not in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Milan.
    const newYear = new Date('2025-12-31T23:30:00Z');
    expect(dayAhead(0, newYear)).toBe('2026-01-01');
    expect(dayAhead(1, newYear)).toBe('2026-01-02');
    expect(dayAhead(7, new Date('2026-03-10T10:00:00Z'))).toBe('2026-03-17');
  });
});
