import type { Outcome, Step } from './person.ts';

/** One citizen handed to the load generator: registry ids and when they arrive (ms from the opening). */
export interface PersonInput {
  readonly id: number;
  readonly cf: string;
  readonly card: string;
  readonly phone: string;
  readonly at: number;
}

export interface LoadgenInit {
  readonly kind: 'init';
  readonly people: number;
  readonly timeScale: number;
  readonly tail: readonly { readonly p: number; readonly delayMs: number }[];
  readonly providers: readonly { readonly systemId: string; readonly password: string }[];
}

export interface LoadgenGo {
  readonly kind: 'go';
  readonly servers: readonly string[];
  readonly socketsPerSource: number;
  readonly campaign: string;
  readonly openAt: number;
  readonly deadline: number;
  readonly timeScale: number;
  readonly peopleFile: string;
  readonly resultsFile: string;
  readonly pagePath: string | null;
  readonly seed: number;
  readonly abandonShare: number;
  readonly reloadShare: number;
  readonly linkShare: number;
  /** Wall-clock ms until which admission is paused (the room phase); 0 if never. */
  readonly pausedUntil: number;
}

export type LoadgenMessage =
  | { readonly kind: 'ready'; readonly ports: readonly number[] }
  | { readonly kind: 'progress'; readonly at: number; readonly counts: Readonly<Record<string, number>> }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly error: string };

/** "Did not happen" in a person's times (which are negative before the opening). */
export const NEVER = -1e15;

/**
 * A person as a row (100,000 objects with names would double the file):
 * citizenId, arriveAt, joinStart, joinEnd, preQueue, position, positionChanged, admittedAt,
 * submittedAt, smsAt, completedAt, via (0 none, 1 code, 2 link), submits, rejoins, reloaded, outcome.
 */
export type PersonRow = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  Outcome,
];

export interface LoadgenResults {
  readonly persons: PersonRow[];
  readonly latencies: Record<Step, number[]>;
  readonly admitted: number[];
  readonly completed: number[];
  /** Waiting-room requests (page, join, poll) per second since the opening (index 0 also holds earlier ones). */
  readonly roomRequests: number[];
  readonly stepLatency: number[][];
  readonly errors: { step: Step; status: number; body: string; at: number }[];
  readonly errorCounts: Record<string, number>;
  readonly simulators: { submitted: number; delivered: number; failed: number; pending: number; throttled: number }[];
}
