import { describe, expect, it } from 'vitest';
import { niceAxis, rangeText } from './labFormat.ts';

describe('niceAxis', () => {
  it('round steps around the values and bounds, never below 0 for positive values', () => {
    // Microalbumin 12.5, 16, 24 mg/L with the range 0–20: 0, 10, 20, 30 rather than 0, 7, 14, 21, 27.6.
    expect(niceAxis(0, 24).ticks).toEqual([0, 10, 20, 30]);
    // Creatinine 0.7–1.5 mg/dL: the axis does not waste half its height on 0–0.6.
    expect(niceAxis(0.7, 1.5).ticks).toEqual([0.6, 0.8, 1, 1.2, 1.4, 1.6]);
  });

  it('values far from 0 do not start at 0; negative values get negative ticks', () => {
    expect(niceAxis(135, 145).ticks).toEqual([130, 135, 140, 145, 150]);
    expect(niceAxis(-3, 2).ticks).toEqual([-4, -2, 0, 2, 4]);
  });

  it('one value alone still has an axis around it', () => {
    expect(niceAxis(16, 16).ticks.length).toBeGreaterThan(2);
  });
});

describe('rangeText', () => {
  const decimal = (v: number) => String(v);
  it('both bounds, one bound, words only, none', () => {
    expect(rangeText({ low: 0.7, high: 1.2, text: null }, decimal)).toBe('0.7–1.2');
    expect(rangeText({ low: null, high: 20, text: null }, decimal)).toBe('≤ 20');
    expect(rangeText({ low: 60, high: null, text: null }, decimal)).toBe('≥ 60');
    expect(rangeText({ low: null, high: null, text: 'negativo' }, decimal)).toBe('negativo');
    expect(rangeText(null, decimal)).toBe('–');
  });
});
