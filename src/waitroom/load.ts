import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

/** The enrollment endpoints whose latency drives adaptive admission (method and route template). */
export const ENROLLMENT_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/campaigns/:code/drafts',
  'POST /api/campaigns/:code/confirm',
  'POST /api/enrollments/resume',
]);

// Five seconds of answers: long enough for a stable p95 at 20 requests/s, short enough to react.
const WINDOW_MS = 5_000;
const MAX_SAMPLES = 50_000;

/**
 * This instance's view of how the enrollment endpoints are doing: the p95 of their
 * latency over the last five seconds, or the event-loop delay if it is worse (a saturated
 * process delays requests before Fastify starts timing them).
 */
export class LoadTracker {
  #samples: { at: number; ms: number }[] = [];
  readonly #delay: ELDHistogram;

  constructor() {
    this.#delay = monitorEventLoopDelay({ resolution: 20 });
    this.#delay.enable();
  }

  observe(ms: number, nowMs: number): void {
    if (this.#samples.length >= MAX_SAMPLES) this.#samples.shift();
    this.#samples.push({ at: nowMs, ms });
  }

  snapshot(nowMs: number): { p95Ms: number; requests: number } {
    this.#samples = this.#samples.filter((s) => s.at >= nowMs - WINDOW_MS);
    const sorted = this.#samples.map((s) => s.ms).sort((a, b) => a - b);
    const p95 = sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
    const lag = this.#delay.count > 0 ? this.#delay.percentile(99) / 1e6 : 0;
    this.#delay.reset();
    return { p95Ms: Math.round(Math.max(p95, lag)), requests: sorted.length };
  }

  stop(): void {
    this.#delay.disable();
  }
}

/** Adaptive rooms open at a tenth of their ceiling and find the rest (slow start, as TCP). */
export const ADAPTIVE_START = 0.1;

/**
 * Adaptive admission, multiplicative in both directions like TCP's slow start and
 * congestion avoidance: halved when the worst instance's p95 is over twice the target,
 * 25% slower when over it, 20% faster (+6/min) while under 60% of it and people are
 * waiting. From a tenth of the ceiling it reaches the ceiling in 13 steps (65 s) if the
 * servers keep up; the opening spike of joins is not met with a spike of submissions.
 */
export function nextRate(
  current: number,
  p95Ms: number,
  targetMs: number,
  ceiling: number,
  peopleWaiting: boolean,
): number {
  const floor = Math.min(ceiling, Math.max(6, ceiling * 0.02));
  let next = current;
  if (p95Ms > 2 * targetMs) next = current * 0.5;
  else if (p95Ms > targetMs) next = current * 0.75;
  else if (p95Ms < targetMs * 0.6 && peopleWaiting) next = current * 1.2 + 6;
  return Math.min(ceiling, Math.max(floor, next));
}
