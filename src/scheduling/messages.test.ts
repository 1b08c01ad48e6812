import { describe, expect, it } from 'vitest';
import { smsText } from '../campaigns/index.ts';
import { schedulingSms } from './messages.ts';

// Two concatenated GSM-7 segments: 2 × 153 characters (every character below is in the GSM-7 set).
const TWO_SEGMENTS = 306;
const longest = {
  who: 'Elena Maria D.',
  product: 'Comirnaty',
  doseNumber: 1,
  centre: 'Centro vaccinale Fiera Milano City',
  startsAt: new Date('2026-12-16T08:00:00Z'),
  second: new Date('2027-01-06T08:00:00Z'),
};

describe('the campaign SMS', () => {
  it.each([
    ['booked', schedulingSms.booked(longest)],
    ['moved', schedulingSms.moved(longest)],
    ['cancelled', schedulingSms.cancelled({ ...longest, withSecond: true })],
    ['reminder', schedulingSms.reminder(longest.who, longest.startsAt, longest.centre)],
    ['code', smsText.code(longest.who, '123456', `https://salus.example.it/r/123456.${'x'.repeat(43)}`, 120)],
    ['confirmed', smsText.confirmed(longest.who, 'Vaccinazione anti-COVID-19 over 80', { fromWeek: 10, toWeek: 12 })],
    // In English (issue 17: the SMS follow the language of the pages), within the same two segments.
    ['booked (en)', schedulingSms.booked({ ...longest, lang: 'en' })],
    ['moved (en)', schedulingSms.moved({ ...longest, lang: 'en' })],
    ['cancelled (en)', schedulingSms.cancelled({ ...longest, lang: 'en', withSecond: true })],
    ['reminder (en)', schedulingSms.reminder(longest.who, longest.startsAt, longest.centre, 'en')],
    [
      'code (en)',
      smsText.code(longest.who, '123456', `https://salus.example.it/r/123456.${'x'.repeat(43)}`, 120, 'en'),
    ],
    [
      'confirmed (en)',
      smsText.confirmed(longest.who, 'Vaccinazione anti-COVID-19 over 80', { fromWeek: 10, toWeek: 12 }, 'en'),
    ],
  ])('%s: names the person and fits two segments', (_kind, text) => {
    expect(text).toContain('Elena Maria D.');
    expect(text.length).toBeLessThanOrEqual(TWO_SEGMENTS);
  });

  it('points to the menu item the web app has', () => {
    expect(schedulingSms.moved(longest)).toContain('menu "I miei appuntamenti"');
  });
});
