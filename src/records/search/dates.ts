import { validationError } from '../../shared/errors.ts';

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

/** One end of a search range: a zoned instant, or a local time read in Italy's zone. */
export interface Bound {
  readonly text: string;
  readonly zoned: boolean;
}

export interface DateRange {
  readonly prefix: DatePrefix;
  /** Inclusive start and exclusive end of the value's precision ("2024-03" is the whole month). */
  readonly start: Bound;
  readonly end: Bound;
}

// Zones as FHIR R4's dateTime allows them, Z or -14:00…+14:00: PostgreSQL refuses an offset
// like +99:99 with error 22009, which was a 500 (issue 16).
// Built from named parts; the capture groups, in order: prefix, year, month, day, hours, minutes, seconds,
// fraction, zone.
const SEARCH_PREFIX = '(eq|ne|gt|lt|ge|le|sa|eb|ap)';
const CLOCK = String.raw`T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?`;
const SEARCH_ZONE = String.raw`(Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))`;
const PATTERN = new RegExp(
  String.raw`^${SEARCH_PREFIX}?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:${CLOCK}${SEARCH_ZONE}?)?)?)?$`,
);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Parses a FHIR date search value. Values without a zone are read as Europe/Rome
 * local time (the SQL casts them with AT TIME ZONE), since "2024-03-12" typed by a
 * clinician in Milan means that Italian day, not the UTC one.
 */
export function parseDateValue(raw: string, field: string): DateRange {
  const m = PATTERN.exec(raw);
  const bad = () =>
    validationError('fhir.search_invalid', `"${raw}" is not a FHIR date search value (e.g. ge2024-03-01).`, [
      { field, message: 'expected [prefix]YYYY[-MM[-DD[Thh:mm[:ss][zone]]]]' },
    ]);
  if (m === null) throw bad();
  const [, prefixRaw, y, mo, d, h, mi, s, frac, zone] = m;
  if (prefixRaw === 'ap') {
    throw validationError('fhir.search_invalid', 'The "ap" (approximately) date prefix is not supported.', [
      { field, message: 'use ge/le instead of ap' },
    ]);
  }
  const prefix = (prefixRaw ?? 'eq') as DatePrefix;
  const year = Number(y);
  const month = mo === undefined ? null : Number(mo);
  const day = d === undefined ? null : Number(d);
  if (year < 1 || (month !== null && (month < 1 || month > 12))) throw bad(); // PostgreSQL has no year 0
  if (day !== null && month !== null && (day < 1 || day > daysInMonth(year, month))) throw bad();
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) throw bad();

  let start: string;
  let end: string;
  if (month === null) {
    start = `${pad(year, 4)}-01-01T00:00:00`;
    end = `${pad(year + 1, 4)}-01-01T00:00:00`;
  } else if (day === null) {
    start = `${pad(year, 4)}-${pad(month)}-01T00:00:00`;
    end = month === 12 ? `${pad(year + 1, 4)}-01-01T00:00:00` : `${pad(year, 4)}-${pad(month + 1)}-01T00:00:00`;
  } else if (h === undefined) {
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    start = `${pad(year, 4)}-${pad(month)}-${pad(day)}T00:00:00`;
    end = `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}T00:00:00`;
  } else {
    // A time is precise to what was given: to the minute, second or fraction.
    const base = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${h}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}`;
    const unit = frac !== undefined ? 'fraction' : s !== undefined ? 'second' : 'minute';
    start = base;
    end = addPrecision(base, unit);
  }
  const zoned = zone !== undefined;
  const suffix = zone ?? '';
  return { prefix, start: { text: start + suffix, zoned }, end: { text: end + suffix, zoned } };
}

/** The exclusive end of a time's precision, by plain calendar arithmetic on the local digits. */
function addPrecision(base: string, unit: 'minute' | 'second' | 'fraction'): string {
  const ms = Date.parse(`${base.slice(0, 23)}Z`);
  if (unit === 'fraction') return new Date(ms + 1).toISOString().slice(0, 23); // to the millisecond
  return new Date(ms + (unit === 'minute' ? 60_000 : 1_000)).toISOString().slice(0, 19);
}

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::(\d{2}))?)?)?$/;

/**
 * Whether a date or timestamp as PostgreSQL prints it (a paging cursor's sort value)
 * names a real day and time with an offset within ±14:00. A crafted cursor holding
 * 2024-02-30 reached PostgreSQL as error 22008, a 500 (issue 16).
 */
export function isRealDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (m === null) return false;
  // Absent groups (no time, no zone) are undefined, read as 0.
  const fields = m.slice(1).map((v) => (v ? Number(v) : 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, zoneHours = 0, zoneMinutes = 0] = fields;
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    zoneMinutes <= 59 &&
    zoneHours * 60 + zoneMinutes <= 14 * 60
  );
}
