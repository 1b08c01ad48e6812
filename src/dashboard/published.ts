import { coverage, suppress, suppressGrid, suppressList } from './privacy.ts';

/**
 * The dashboard's figures as published: every count of people or of their
 * health events (enrollments, appointments, doses, certificates, documents) is
 * suppressed here, once, before the page, the CSV export or the day report see
 * it. Operational gauges (SMS queues, FSE ingestion backlog, waiting room) count
 * messages and jobs, not people, and are left as they are.
 */

type Counted<K extends string> = Record<K, string> & { count: number };

/** Counts by channel with their total (the page shows it as "n enrollments in total"). */
export function publishByChannel(rows: readonly Counted<'channel'>[]) {
  const shown = suppressList(rows.map((r) => r.count));
  return {
    total: shown.total,
    byChannel: rows.map((r, i) => ({ channel: r.channel, count: shown.counts[i] ?? null })),
  };
}

/**
 * Enrollments per minute and channel as the full minute × channel grid (zeros
 * included: an absent cell would be a visible zero), with its margins protected.
 */
export function publishPerMinute(rows: readonly { minute: string; channel: string; count: number }[]) {
  const minutes = [...new Set(rows.map((r) => r.minute))].sort();
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const grid = minutes.map((m) => channels.map((c) => rows.find((r) => r.minute === m && r.channel === c)?.count ?? 0));
  const shown = suppressGrid(grid).cells;
  return minutes.flatMap((minute, r) =>
    channels.map((channel, c) => ({ minute, channel, count: shown[r]?.[c] ?? null })),
  );
}

/** Eligible and enrolled per row (cohort, province), each column protected against its total. */
export function publishCoverage<T extends { eligible: number; enrolled: number }>(rows: readonly T[]) {
  const eligible = suppressList(rows.map((r) => r.eligible)).counts;
  const enrolled = suppressList(rows.map((r) => r.enrolled)).counts;
  return rows.map((r, i) => {
    const e = eligible[i] ?? null;
    const n = enrolled[i] ?? null;
    return { ...r, eligible: e, enrolled: n, coveragePercent: coverage(n, e) };
  });
}

export interface ProvinceWeek {
  province: string;
  week: string;
  capacity: number;
  booked: number;
  supply: number;
}

/**
 * Appointments booked per province and week (a two-way table: its province and
 * week totals are derivable), next to capacity and supply, which count slots and
 * doses, not people. The share of capacity booked is given only for shown counts.
 */
export function publishProvinceWeeks(rows: readonly ProvinceWeek[]) {
  const provinces = [...new Set(rows.map((r) => r.province))].sort();
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const grid = provinces.map((p) => weeks.map((w) => rows.find((r) => r.province === p && r.week === w)?.booked ?? 0));
  const shown = suppressGrid(grid).cells;
  return rows.map((r) => {
    const booked = shown[provinces.indexOf(r.province)]?.[weeks.indexOf(r.week)] ?? null;
    return { ...r, booked, bookedPercent: coverage(booked, r.capacity) };
  });
}

/** A list of `{ <label>, <count> }` rows, protected against its total. */
export function publishList<T extends object, K extends keyof T & string>(
  rows: readonly T[],
  key: K,
): (Omit<T, K> & Record<K, number | null>)[] {
  const shown = suppressList(rows.map((r) => Number(r[key]))).counts;
  return rows.map((r, i) => ({ ...r, [key]: shown[i] ?? null }));
}

export interface DayFigures {
  day: string;
  byChannel: Counted<'channel'>[];
  booked: number;
  doses: number;
  certificates: number;
}

/** The evening report: the same rules as the page, so it cannot undo them. */
export function publishDayReport(d: DayFigures) {
  const channels = publishByChannel(d.byChannel);
  return {
    day: d.day,
    enrollmentsByChannel: channels.byChannel,
    enrollmentsTotal: channels.total,
    appointmentsBooked: suppress(d.booked),
    dosesAdministered: suppress(d.doses),
    certificatesIssued: suppress(d.certificates),
  };
}
