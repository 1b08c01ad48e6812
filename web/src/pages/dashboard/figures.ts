// Pure reshaping of the dashboard's figures for charts and tables.
import type { Dashboard } from '../../api/dashboard.ts';

export const channels = ['citizen', 'pharmacist', 'gp'] as const;
export type Channel = (typeof channels)[number];
/** A channel's count, or null when the server suppressed it. */
export type ChannelRow = { minute: string } & Record<Channel, number | null>;

/**
 * A count for display: a suppressed (null) count is shown as `hidden` (the
 * catalogue's word), never as a number. Not as "< 5": a second cell hidden so
 * that a total cannot reveal the first one may be any size.
 */
export function countText(value: number | null, formatNumber: (n: number) => string, hidden: string): string {
  return value === null ? hidden : formatNumber(value);
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
    const before = row[entry.channel];
    row[entry.channel] = before === null || entry.count === null ? null : before + entry.count;
    rows.set(entry.minute, row);
  }
  return [...rows.values()].sort((a, b) => a.minute.localeCompare(b.minute));
}

/**
 * Running totals by channel at the end of each minute of the window. The
 * per-minute figures cover the last hour only, so each line starts from the
 * channel's total before the window (the all-time total minus the window's).
 * A channel with a suppressed count has no line at all (null, a gap): its steps
 * would give the hidden count back.
 */
export function runningTotals(enrollments: Pick<Dashboard['enrollments'], 'byChannel' | 'perMinute'>): ChannelRow[] {
  const minutes = perMinuteRows(enrollments.perMinute);
  const running = emptyRow('');
  for (const channel of channels) {
    const row = enrollments.byChannel.find((c) => c.channel === channel);
    // No row is no enrollment (0); a row with a null count is a suppressed one.
    const total = row === undefined ? 0 : row.count;
    const inWindow = sumOrNull(minutes.map((row) => row[channel]));
    running[channel] = total === null || inWindow === null ? null : Math.max(0, total - inWindow);
  }
  return minutes.map((row) => {
    for (const channel of channels) {
      const before = running[channel];
      const added = row[channel];
      running[channel] = before === null || added === null ? null : before + added;
    }
    return { ...running, minute: row.minute };
  });
}

/** The sum, or null when any part is suppressed (a sum of hidden cells is hidden too). */
function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.reduce<number | null>((sum, v) => (sum === null || v === null ? null : sum + v), 0);
}

/** The total of every channel, or null when a channel is suppressed (the server sends the total). */
export function enrollmentTotal(byChannel: Dashboard['enrollments']['byChannel']): number | null {
  return sumOrNull(byChannel.map((c) => c.count));
}

/** "MI 2026-03-16": a province's week, as a chart label. */
export function provinceWeekLabel(row: { province: string; week: string }): string {
  return `${row.province} ${row.week}`;
}
