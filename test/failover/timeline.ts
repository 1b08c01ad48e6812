import type { DbSite } from '../../deploy/ha/topology.ts';
import type { Attempt, Tracked } from './client.ts';

/** Reading the clients' record: when writes succeeded again, and what failed meanwhile. */
const acking = (w: Tracked): Attempt | undefined => (w.ackedAt === undefined ? undefined : w.attempts.at(-1));

/**
 * Milliseconds from `t` to the first acknowledged write that was sent at or after `t`
 * (through `site` if given), or null if none yet. A write sent after a kill can only
 * succeed once a leader accepts writes again, so this is the recovery time.
 */
export function firstAckAfter(writes: readonly Tracked[], t: number, site?: DbSite): number | null {
  let best: number | null = null;
  for (const w of writes) {
    const a = acking(w);
    if (a === undefined || a.sentAt < t || (site !== undefined && a.site !== site)) continue;
    if (best === null || a.endedAt - t < best) best = a.endedAt - t;
  }
  return best;
}

export interface Window {
  /** Attempts sent in the window that got no success (refused, reset, 5xx). */
  readonly failedAttempts: number;
  /** Of those, by answer: "0 ECONNREFUSED", "503 service.unavailable"… */
  readonly failedBy: Record<string, number>;
  /** Writes that had a failed attempt in the window and were acknowledged after a retry. */
  readonly retriedThenAcked: number;
  /** Writes begun in the window that the client gave up on: client-visible errors. */
  readonly gaveUp: number;
  /** Writes begun in the window and acknowledged. */
  readonly acked: number;
}

export function windowStats(writes: readonly Tracked[], from: number, to: number): Window {
  const failedBy: Record<string, number> = {};
  let failedAttempts = 0;
  let retriedThenAcked = 0;
  let gaveUp = 0;
  let acked = 0;
  for (const w of writes) {
    const first = w.attempts[0];
    const last = acking(w);
    let failedHere = false;
    for (const a of w.attempts) {
      if (a === last || a.sentAt < from || a.sentAt > to) continue;
      failedAttempts++;
      failedHere = true;
      const key = `${a.status} ${a.code ?? ''}`.trim();
      failedBy[key] = (failedBy[key] ?? 0) + 1;
    }
    if (failedHere && last !== undefined) retriedThenAcked++;
    if (first !== undefined && first.sentAt >= from && first.sentAt <= to) {
      if (w.failure !== undefined) gaveUp++;
      if (w.ackedAt !== undefined) acked++;
    }
  }
  return { failedAttempts, failedBy, retriedThenAcked, gaveUp, acked };
}

/** Milliseconds, as seconds with one decimal. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);
