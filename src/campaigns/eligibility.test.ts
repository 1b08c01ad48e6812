import { describe, expect, it } from 'vitest';
import { eligibilityFor, estimatedWeeks, type Cohort } from './eligibility.ts';

const now = new Date('2026-03-01T12:00:00Z');
const over80: Cohort = {
  id: 1,
  label: 'over 80',
  bornFromYear: null,
  bornToYear: 1946,
  opensAt: new Date('2026-02-15T13:00:00Z'),
};
const from75: Cohort = {
  id: 2,
  label: '75-79',
  bornFromYear: 1947,
  bornToYear: 1951,
  opensAt: new Date('2026-03-15T08:00:00Z'),
};

describe('eligibilityFor', () => {
  it('puts the oldest in the open cohort', () => {
    expect(eligibilityFor(1920, [over80, from75], now)).toEqual({ kind: 'open', cohort: over80 });
    expect(eligibilityFor(1946, [over80, from75], now)).toEqual({ kind: 'open', cohort: over80 });
  });

  it('says when a planned cohort opens', () => {
    expect(eligibilityFor(1950, [over80, from75], now)).toEqual({ kind: 'not_yet_open', cohort: from75 });
  });

  it('says when nobody of that age is covered yet', () => {
    expect(eligibilityFor(1988, [over80, from75], now)).toEqual({ kind: 'not_covered' });
  });
});

describe('estimatedWeeks', () => {
  it('counts weeks from the people ahead and half the weekly capacity', () => {
    expect(estimatedWeeks(0, 10_000)).toEqual({ fromWeek: 1, toWeek: 2 });
    expect(estimatedWeeks(12_000, 10_000)).toEqual({ fromWeek: 3, toWeek: 4 });
  });
});
