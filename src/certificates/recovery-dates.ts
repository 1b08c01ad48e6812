/**
 * The dates of a recovery certificate, from the day of the first positive test
 * (fr), as Italy issued them under EU Regulation 2021/953 and its 2021/2288
 * amendment: valid from the 11th day after fr, for 180 days from fr.
 */
import type { FieldProblem } from '../shared/errors.ts';

export const RECOVERY_VALID_FROM_DAYS = 11;
export const RECOVERY_VALID_UNTIL_DAYS = 180;

const DAY_MS = 86_400_000;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD plus n calendar days (no time zone: these are days, not instants). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const isRealDay = (day: string): boolean =>
  DATE_SHAPE.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && addDays(day, 0) === day;

export type RecoveryDates = { fr: string; df: string; du: string };

/**
 * df and du for a first positive test on `fr`, judged on `today` (the day in Italy),
 * or the problem with the field the person typed: not a date, in the future, or so
 * long ago that the certificate would already have expired.
 */
export function recoveryDates(fr: string, today: string, field = '/firstPositiveDate'): RecoveryDates | FieldProblem {
  if (!isRealDay(fr)) return { field, message: 'expected a date as YYYY-MM-DD' };
  if (fr > today) return { field, message: 'the first positive test cannot be in the future' };
  const du = addDays(fr, RECOVERY_VALID_UNTIL_DAYS);
  if (du < today)
    return {
      field,
      message:
        `the first positive test is more than ${RECOVERY_VALID_UNTIL_DAYS} days ago: ` +
        'the certificate would already have expired',
    };
  return { fr, df: addDays(fr, RECOVERY_VALID_FROM_DAYS), du };
}

export const isProblem = (value: RecoveryDates | FieldProblem): value is FieldProblem => 'message' in value;
