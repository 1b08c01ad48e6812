import type { OpeningDayRaw } from './orchestrate.ts';

const round = (v: number, digits = 1): number => Number(v.toFixed(digits));
// The last minute of the room phase: the room at its largest, the opening spike of joins past.
const WINDOW_S = 60;

export interface RoomPhase {
  readonly seconds: number;
  readonly measuredOverSeconds: readonly [number, number];
  readonly roomSizeMean: number;
  readonly roomRequestsPerSecond: number;
  readonly serverCpuPercentOfOneCore: number;
  readonly serverCpuMicrosecondsPerRequest: number | null;
  readonly postgresCpuPercentOfOneCore: number;
  readonly aimServerCpuPercentOfOneCore: number;
}

/**
 * Issue 21, "the room is cheap": over the last minute of the room phase (admission paused, nobody enrolling), the
 * API servers' CPU in % of one core (aim: at most 10 with 75,000 people waiting), the room's requests per second
 * and the servers' CPU per request. Null without a room phase.
 */
export function roomPhaseFigures(raw: OpeningDayRaw): RoomPhase | null {
  const phase = raw.options.roomPhaseSeconds ?? 0;
  if (phase <= 0) return null;
  const from = Math.max(1, phase - WINDOW_S);
  const samples = raw.sampled.samples.filter((s) => s.t >= from && s.t < phase);
  const mean = (values: readonly number[]): number =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  const serverPercent = mean(samples.map((s) => s.serverCpu.reduce((a, b) => a + b, 0)));
  const requests = raw.results.roomRequests.slice(from, phase);
  const perSecond = mean(requests);
  return {
    seconds: phase,
    measuredOverSeconds: [from, phase],
    // Samples whose room read timed out (a loaded machine) are left out rather than counted as an empty room.
    roomSizeMean: Math.round(mean(samples.flatMap((s) => (s.room === null ? [] : [s.room.waiting])))),
    roomRequestsPerSecond: round(perSecond),
    serverCpuPercentOfOneCore: round(serverPercent),
    serverCpuMicrosecondsPerRequest: perSecond > 0 ? Math.round((serverPercent * 10_000) / perSecond) : null,
    postgresCpuPercentOfOneCore: round(mean(samples.map((s) => s.postgresCpu))),
    aimServerCpuPercentOfOneCore: 10,
  };
}

/** Where allocation ran, and its own process's CPU per completed enrollment when it had one. */
export function allocatorFigures(raw: OpeningDayRaw, completed: number): Record<string, unknown> {
  const cpu = raw.allocatorCpuSeconds;
  return {
    mode: raw.options.allocator ?? 'separate',
    processCpuSeconds: cpu,
    processCpuMsPerEnrollment: cpu === null || completed === 0 ? null : round((cpu * 1000) / completed, 2),
  };
}
