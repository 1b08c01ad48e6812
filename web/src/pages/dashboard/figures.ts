// Pure reshaping of the dashboard's figures for charts and tables.
import type { Dashboard } from '../../api/dashboard.ts';

export const channels = ['citizen', 'pharmacist', 'gp'] as const;
export type Channel = (typeof channels)[number];
export type ChannelRow = { minute: string } & Record<Channel, number>;

/** A count for display: a suppressed (null) count is shown as "< 5", never as a number. */
export function countText(value: number | null, formatNumber: (n: number) => string): string {
  return value === null ? '< 5' : formatNumber(value);
}

function isChannel(value: string): value is Channel {
  return (channels as readonly string[]).includes(value);
}

function emptyRow(minute: string): ChannelRow {
  return { minute, citizen: 0, pharmacist: 0, gp: 0 };
}

/** Enrollments per minute and channel, one row per minute (oldest first). */
export function perMinuteRows(perMinute: Dashboard['enrollments']['perMinute']): ChannelRow[] {
  const rows = new Map<string, ChannelRow>();
  for (const entry of perMinute) {
    if (!isChannel(entry.channel)) continue;
    const row = rows.get(entry.minute) ?? emptyRow(entry.minute);
    row[entry.channel] += entry.count;
    rows.set(entry.minute, row);
  }
  return [...rows.values()].sort((a, b) => a.minute.localeCompare(b.minute));
}

/**
 * Running totals by channel at the end of each minute of the window. The
 * per-minute figures cover the last hour only, so each line starts from the
 * channel's total before the window (the all-time total minus the window's).
 */
export function runningTotals(enrollments: Dashboard['enrollments']): ChannelRow[] {
  const minutes = perMinuteRows(enrollments.perMinute);
  const running = emptyRow('');
  for (const channel of channels) {
    const total = enrollments.byChannel.find((c) => c.channel === channel)?.count ?? 0;
    const inWindow = minutes.reduce((sum, row) => sum + row[channel], 0);
    running[channel] = Math.max(0, total - inWindow);
  }
  return minutes.map((row) => {
    for (const channel of channels) running[channel] += row[channel];
    return { ...running, minute: row.minute };
  });
}

/** The total of every channel. */
export function enrollmentTotal(byChannel: Dashboard['enrollments']['byChannel']): number {
  return byChannel.reduce((sum, c) => sum + c.count, 0);
}

/** "MI 2026-03-16": a province's week, as a chart label. */
export function provinceWeekLabel(row: { province: string; week: string }): string {
  return `${row.province} ${row.week}`;
}
