import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { numberLocale } from './i18n.ts';

export interface Formatters {
  number: (value: number) => string;
  /** `part` out of `whole` as a percentage with one decimal; a dash when whole is 0. */
  percent: (part: number, whole: number) => string;
  /** A calendar date such as a birth date ("1936-03-12"), with no time-zone shift. */
  date: (isoDate: string) => string;
  /** A moment (ISO timestamp) as date and time in Lombardy's time zone. */
  dateTime: (isoTimestamp: string) => string;
  /** A calendar date with its weekday, e.g. "lunedì 16 marzo 2026". */
  weekday: (isoDate: string) => string;
  /** The time of day of a moment in Lombardy, e.g. "09:40". */
  time: (isoTimestamp: string) => string;
  /** A date and time that is already Rome wall-clock time, held in a UTC Date (no zone shift). */
  wallClock: (moment: Date) => string;
}

// Calendar dates carry no time zone: read and print them in UTC so that
// 12 March never becomes 11 March west of Greenwich.
const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;

export function formatters(language: string): Formatters {
  const locale = numberLocale(language);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Rome',
  });
  const weekday = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' });
  const wallClock = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const calendarDay = (isoDate: string): Date | null => {
    const match = isoDay.exec(isoDate);
    return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  };
  return {
    number: (value) => integer.format(value),
    percent: (part, whole) => (whole > 0 ? percent.format(part / whole) : '–'),
    date: (isoDate) => {
      const calendar = calendarDay(isoDate);
      return calendar === null ? isoDate : day.format(calendar);
    },
    dateTime: (isoTimestamp) => {
      const moment = new Date(isoTimestamp);
      return Number.isNaN(moment.getTime()) ? isoTimestamp : dateTime.format(moment);
    },
    weekday: (isoDate) => {
      const calendar = calendarDay(isoDate);
      return calendar === null ? isoDate : weekday.format(calendar);
    },
    time: (isoTimestamp) => {
      const moment = new Date(isoTimestamp);
      return Number.isNaN(moment.getTime()) ? isoTimestamp : time.format(moment);
    },
    wallClock: (moment) => wallClock.format(moment),
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => formatters(language), [language]);
}
