import { describe, expect, it } from 'vitest';
import { countText, enrollmentTotal, perMinuteRows, runningTotals } from './figures.ts';

const enrollments = {
  byChannel: [
    { channel: 'citizen', count: 10 },
    { channel: 'pharmacist', count: 2 },
  ],
  perMinute: [
    { minute: '2026-03-16T09:01Z', channel: 'pharmacist', count: 2 },
    { minute: '2026-03-16T09:00Z', channel: 'citizen', count: 3 },
    { minute: '2026-03-16T09:01Z', channel: 'citizen', count: 1 },
  ],
};

describe('dashboard figures', () => {
  it('shows a suppressed count as a word, never a number', () => {
    expect(countText(null, String, 'riservato')).toBe('riservato');
    expect(countText(0, String, 'riservato')).toBe('0');
    expect(countText(12, String, 'riservato')).toBe('12');
  });

  it('pivots enrollments per minute by channel, oldest first', () => {
    expect(perMinuteRows(enrollments.perMinute)).toEqual([
      { minute: '2026-03-16T09:00Z', citizen: 3, pharmacist: 0, gp: 0 },
      { minute: '2026-03-16T09:01Z', citizen: 1, pharmacist: 2, gp: 0 },
    ]);
  });

  it('builds running totals that end at each channel total', () => {
    expect(runningTotals(enrollments)).toEqual([
      { minute: '2026-03-16T09:00Z', citizen: 9, pharmacist: 0, gp: 0 },
      { minute: '2026-03-16T09:01Z', citizen: 10, pharmacist: 2, gp: 0 },
    ]);
    expect(enrollmentTotal(enrollments.byChannel)).toBe(12);
  });

  it('draws no running total for a channel with a suppressed count', () => {
    const hidden = {
      byChannel: [
        { channel: 'citizen', count: 12 },
        { channel: 'pharmacist', count: null },
      ],
      perMinute: [
        { minute: '2026-03-16T09:00Z', channel: 'citizen', count: 12 },
        { minute: '2026-03-16T09:00Z', channel: 'pharmacist', count: null },
      ],
    };
    expect(runningTotals(hidden)).toEqual([{ minute: '2026-03-16T09:00Z', citizen: 12, pharmacist: null, gp: 0 }]);
    expect(enrollmentTotal(hidden.byChannel)).toBeNull();
  });
});
