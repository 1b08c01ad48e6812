// The server's problem details are written in English for API users. The pages
// word each known problem themselves, in the reader's language, and take from
// the detail only the facts it carries (a date, a cohort, a channel). Each
// reader returns null when the detail does not have the expected form, and the
// page then says the same thing without that fact.
// (Structured fields in problem+json would be better; until then, this.)
import type { Channel } from '../api/campaigns.ts';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A moment written as the server's formatDate() writes it in Rome time ("15
 * March 2026 at 10:00" or "15 March 2026, 10:00"), as a wall-clock Date in UTC
 * to be printed with timeZone UTC (so no zone shift is applied twice).
 */
export function romeDateTimeIn(detail: string): Date | null {
  const match = /(\d{1,2}) ([A-Z][a-z]+) (\d{4})(?:,| at) (\d{1,2}):(\d{2})/.exec(detail);
  if (!match) return null;
  const month = months.indexOf(match[2] ?? '');
  if (month < 0) return null;
  return new Date(Date.UTC(Number(match[3]), month, Number(match[1]), Number(match[4]), Number(match[5])));
}

/** The first ISO timestamp (2026-03-15T09:00:00.000Z) in the detail. */
export function isoTimestampIn(detail: string): string | null {
  return /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/.exec(detail)?.[0] ?? null;
}

/** Every calendar day (YYYY-MM-DD) the detail names, in order. */
export function isoDaysIn(detail: string): string[] {
  return [...detail.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)].map((m) => m[0]);
}

/** The first "quoted" text, e.g. a cohort label. */
export function quotedIn(detail: string): string | null {
  return /"([^"]+)"/.exec(detail)?.[1] ?? null;
}

/** The channel of an earlier enrollment ("through the pharmacy"). */
export function channelIn(detail: string): Channel | null {
  if (detail.includes('through the citizen portal')) return 'citizen';
  if (detail.includes('through the pharmacy')) return 'pharmacist';
  if (detail.includes('through the GP')) return 'gp';
  return null;
}

/** The first whole number in the detail. */
export function countIn(detail: string): number | null {
  const match = /\d+/.exec(detail);
  return match ? Number(match[0]) : null;
}
