import { ADAPTIVE_START } from './load.ts';
import type { Room } from './room.ts';

/** Admissions per minute now: the configured rate, or where adaptive admission has taken it. */
export function effectiveRate(room: Room): number {
  return room.adaptive ? (room.currentRate ?? room.admitPerMinute * ADAPTIVE_START) : room.admitPerMinute;
}

export interface WaitFigures {
  /** People still present ahead of this place (estimated between counts). */
  readonly ahead: number;
  readonly estimatedWaitSeconds: number;
  readonly nextPollSeconds: number;
}

// Polls at half the remaining wait, from 3 s near the front to 10 minutes far back (ADR 0023). The room's
// polls per second are then about 2 x rate x (3 + ln(size / (6 x rate))) whatever its size: at 100 admissions/s,
// ~1,600/s for 75,000 people and ~1,700/s for 100,000, where a 30 s ceiling made 75,000 people poll 2,500 times a
// second and grew with every arrival. Presence no longer caps the interval: a place is held until the hold has
// passed after the return its holder was told (waitroom_entries.poll_due_at, migration 0040).
const MIN_POLL_S = 3;
const MAX_POLL_S = 600;

/**
 * What a person at `position` is told. "Ahead" counts the places between the admission
 * counter and this one, scaled by the share of them still present at the last count
 * (places of people who left are skipped by the counter, so the wait is shorter).
 */
export function waitFigures(room: Room, position: number, nowMs: number, random: () => number): WaitFigures {
  const places = Math.max(0, position - room.admittedThrough - 1);
  const unadmitted = room.issued - room.admittedThrough;
  const present = room.countedAt !== null && unadmitted > 0 ? Math.min(1, room.waiting / unadmitted) : 1;
  const ahead = Math.round(places * present);
  const untilOpening = room.positionsReady ? 0 : Math.max(0, room.opensAt.getTime() - nowMs) / 1000;
  const estimatedWaitSeconds = Math.ceil(untilOpening + (ahead * 60) / effectiveRate(room));
  return { ahead, estimatedWaitSeconds, nextPollSeconds: pollAfter(estimatedWaitSeconds, random) };
}

/**
 * Half the remaining wait, from 3 s to 10 minutes, with ±20% jitter so that the polls of people who joined
 * together spread out instead of arriving in waves. Half: the counter reaches someone before their next poll
 * only if the rate more than doubles meanwhile (they are still admitted, and learn it at that poll); a quarter
 * would cost twice the polls (about 2 log2 of the wait in polls per person instead of log2).
 */
export function pollAfter(waitSeconds: number, random: () => number): number {
  const base = Math.min(Math.max(waitSeconds / 2, MIN_POLL_S), MAX_POLL_S);
  return Math.max(2, Math.round(base * (0.8 + 0.4 * random())));
}

/** Before the draw: come back just after the opening (spread over 10 s), at most every 10 minutes. */
export function pollBeforeOpening(room: Room, nowMs: number, random: () => number): number {
  const untilOpening = Math.max(0, room.opensAt.getTime() - nowMs) / 1000;
  return Math.max(2, Math.round(Math.min(MAX_POLL_S, untilOpening + 1 + 10 * random())));
}
