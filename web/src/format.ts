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
}

// Calendar dates carry no time zone: read and print them in UTC so that
// 12 March never becomes 11 March west of Greenwich.
const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;

export function formatters(language: string): Formatters {
  const locale = numberLocale(language);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Rome' });
  return {
    number: (value) => integer.format(value),
    percent: (part, whole) => (whole > 0 ? percent.format(part / whole) : '–'),
    date: (isoDate) => {
      const match = isoDay.exec(isoDate);
      if (!match) return isoDate;
      return day.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    dateTime: (isoTimestamp) => {
      const moment = new Date(isoTimestamp);
      return Number.isNaN(moment.getTime()) ? isoTimestamp : dateTime.format(moment);
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => formatters(language), [language]);
}
