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

// Polls: every 30 s far back, every 3 s near the front. 100,000 people then make about
// 100,000 / 30 s ≈ 3,300 polls/s at the opening spike and much less once the front is reached.
const MIN_POLL_S = 3;
const MAX_POLL_S = 30;

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
  return { ahead, estimatedWaitSeconds, nextPollSeconds: pollAfter(estimatedWaitSeconds, room.holdSeconds, random) };
}

/**
 * A quarter of the remaining wait, from 3 to 30 s, never more than a quarter of the hold
 * (so a present person is never taken for gone), with ±20% jitter so that the polls of
 * people who joined together spread out instead of arriving in waves.
 */
export function pollAfter(waitSeconds: number, holdSeconds: number, random: () => number): number {
  const base = Math.min(Math.max(waitSeconds / 4, MIN_POLL_S), MAX_POLL_S, holdSeconds / 4);
  return Math.max(2, Math.round(base * (0.8 + 0.4 * random())));
}

/** Before the draw: come back just after the opening (spread over 10 s), at most every 30 s. */
export function pollBeforeOpening(room: Room, nowMs: number, random: () => number): number {
  const untilOpening = Math.max(0, room.opensAt.getTime() - nowMs) / 1000;
  return Math.max(2, Math.round(Math.min(MAX_POLL_S, room.holdSeconds / 4, untilOpening + 1 + 10 * random())));
}
