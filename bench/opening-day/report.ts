import { bestWindow, outOfOrderShare, percentiles, perSecondQuantiles } from './analysis.ts';
import { chartPage, type Panel } from './chart.ts';
import { costFigures, costPanel, costSummary } from './cost.ts';
import type { OpeningDayRaw } from './orchestrate.ts';
import { allocatorFigures, roomPhaseFigures } from './room-report.ts';
import { NEVER } from './protocol.ts';

const round = (v: number, digits = 1): number => Number(v.toFixed(digits));
const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;

/** The figures the issue asks for, the chart, and the one-line summary. */
export function composeReport(raw: OpeningDayRaw): {
  figures: Record<string, unknown>;
  chart: string;
  summary: string;
  passed: boolean;
} {
  const { results, sampled, correctness, options: o } = raw;
  const rows = results.persons;
  const count = (pred: (r: (typeof rows)[number]) => boolean): number =>
    rows.reduce((n, r) => n + (pred(r) ? 1 : 0), 0);
  const outcomes = Object.fromEntries(
    ['enrolled', 'already', 'abandoned', 'failed', 'unfinished'].map((k) => [k, count((r) => r[15] === k)]),
  );
  const completedTimes = rows.filter((r) => r[10] !== NEVER).map((r) => r[10]);
  const firstDone = Math.min(...completedTimes);
  const lastDone = Math.max(...completedTimes);
  const throughput = {
    sustained60s: round(bestWindow(results.completed, 60)),
    peak5s: round(bestWindow(results.completed, 5)),
    peak1s: Math.max(...results.completed),
    meanFirstToLast: round(completedTimes.length / Math.max(1, (lastDone - firstDone) / 1000)),
  };
  const latencyMs = Object.fromEntries(
    Object.entries(results.latencies).map(([step, values]) => [step, percentiles(values)]),
  );
  const errors = Object.values(results.errorCounts).reduce((s, n) => s + n, 0);
  const roomSamples = sampled.samples.filter((s) => s.t >= 0);
  const largestRoom = Math.max(0, ...roomSamples.map((s) => s.room?.waiting ?? 0));
  const fairness = outOfOrderShare(rows);
  const serverCpu = sampled.serverCpuSeconds.map((cpuS, i) => ({
    cpuSeconds: cpuS,
    meanPercentOfCore: Math.round(mean(roomSamples.map((s) => s.serverCpu[i] ?? 0))),
    maxPercentOfCore: Math.max(0, ...roomSamples.map((s) => s.serverCpu[i] ?? 0)),
    peakRssMb: sampled.serverPeakRssMb[i] ?? 0,
  }));
  const enrolledNow = outcomes.enrolled ?? 0;
  const capacity = raw.capacity?.sameTransactions.perSecond ?? null;
  const cost = costFigures(raw, completedTimes.length, throughput);
  const ratio = capacity === null ? null : round(throughput.sustained60s / capacity, 3);
  const after = ['submit', 'confirm', 'resume'].map((s) => latencyMs[s]?.p99 ?? 0);
  const figures = {
    configuration: {
      citizens: o.citizens,
      minutes: o.minutes,
      servers: raw.servers,
      admitPerMinute: o.admitPerMinute,
      adaptiveTargetP95Ms: o.adaptiveTargetMs,
      timeScale: o.timeScale,
      dbPoolMaxPerServer: o.poolMax,
      holdSeconds: o.holdSeconds,
      smsRatesPerSecond: o.smsRates,
      smsTail: '2% of codes late: 0.5% each by 5, 15, 30 and 50 simulated minutes',
      people:
        'arrivals: 15% in the last tenth of the window before the opening, 35% in the first tenth after, 50% ' +
        'decaying over the rest; 1% close the waiting page for good, 3% reload it, 15% finish from the SMS link',
    },
    people: {
      arrived: rows.length,
      ...outcomes,
      viaCode: count((r) => r[11] === 1),
      viaLink: count((r) => r[11] === 2),
      resent: count((r) => r[12] > 1),
      rejoinedAfterGivenUp: count((r) => r[13] > 0),
      reloaded: count((r) => r[14] === 1),
      positionChangedAfterDraw: count((r) => r[6] === 1),
      inPreQueue: count((r) => r[4] === 1),
    },
    completedEnrollmentsPerSecond: throughput,
    admissionsPerSecond: {
      sustained60s: round(bestWindow(results.admitted, 60)),
      peak5s: round(bestWindow(results.admitted, 5)),
    },
    latencyMs,
    errors: { total: errors, byStepAndStatus: results.errorCounts, examples: results.errors.slice(0, 10) },
    correctness: { ...correctness, bypassWithoutAdmissionRefused: raw.bypassRefused },
    room: { largest: largestRoom, givenUp: roomSamples.at(-1)?.room?.givenUp ?? null },
    roomPhase: roomPhaseFigures(raw),
    allocator: allocatorFigures(raw, completedTimes.length),
    fairness: {
      ...fairness,
      share: round(fairness.share * 100, 4),
      unit: 'percent of post-opening arrivals holding a place behind a later arrival',
    },
    server: {
      processes: serverCpu,
      postgresCpuSeconds: sampled.postgresCpuSeconds,
      loadgenCpuSeconds: sampled.loadgenCpuSeconds,
      machineBusyMeanPercent: Math.round(mean(roomSamples.map((s) => s.machineBusy))),
      otherProcessesMeanPercentOfCore: Math.round(mean(roomSamples.map((s) => s.othersCpu))),
    },
    // Issue 21: the code arrives in a second (ADR 0022): otp queue → SMSC p99 < 1 s, max < 3 s.
    sms: { ...raw.sms, simulators: results.simulators, aims: { otpP99Ms: 1_000, otpMaxMs: 3_000 } },
    postgresWriteCapacity:
      raw.capacity === null
        ? null
        : {
            ...raw.capacity,
            ratioSustainedToCapacity: ratio,
          },
    cost,
    aims: { people: o.citizens, sustainedPerSecond: 500, p99AfterAdmissionMs: 500, peakRssMb: 1024 },
  };
  const passed = errors === 0 && correctness.lost === 0 && correctness.duplicated === 0 && raw.bypassRefused;

  const quantiles = perSecondQuantiles(results.stepLatency);
  const seconds = Math.max(results.completed.length, ...roomSamples.map((s) => s.t + 1));
  const bySecond = (pick: (s: (typeof roomSamples)[number]) => number): number[] => {
    const out = new Array<number>(seconds).fill(Number.NaN);
    for (const s of roomSamples) if (s.t < seconds) out[s.t] = pick(s);
    return out;
  };
  const trim = (values: readonly number[]): number[] => {
    let end = values.length;
    while (end > 1 && (values[end - 1] === 0 || Number.isNaN(values[end - 1]))) end--;
    return values.slice(0, Math.min(values.length, end + 30));
  };
  const panels: Panel[] = [
    {
      title: 'Admissions and completed enrollments per second',
      unit: 'per s',
      series: [
        { name: 'admitted', color: '#0066cc', values: trim(results.admitted) },
        { name: 'enrollments completed', color: '#008758', values: trim(results.completed) },
        {
          name: 'admission rate in force (adaptive)',
          color: '#a0a0a0',
          values: trim(bySecond((s) => (s.room?.currentRatePerMinute ?? Number.NaN) / 60)),
        },
      ],
    },
    {
      title: 'Waiting room size',
      unit: 'people present, not yet admitted',
      series: [
        { name: 'room size (server)', color: '#a61d4c', values: trim(bySecond((s) => s.room?.waiting ?? Number.NaN)) },
      ],
    },
    {
      title: 'Latency after admission (submit, confirm, resume)',
      unit: 'ms',
      series: [
        { name: 'p50', color: '#0066cc', values: trim(quantiles.p50) },
        { name: 'p99', color: '#d9364f', values: trim(quantiles.p99) },
      ],
    },
    costPanel(roomSamples, results.completed, seconds),
    {
      title: 'CPU',
      unit: '% of one core',
      series: [
        {
          name: 'API servers incl. SMS dispatcher (sum)',
          color: '#0066cc',
          values: trim(bySecond((s) => s.serverCpu.reduce((a, b) => a + b, 0))),
        },
        { name: 'PostgreSQL', color: '#008758', values: trim(bySecond((s) => s.postgresCpu)) },
        { name: 'load generator + SMSCs', color: '#a0a0a0', values: trim(bySecond((s) => s.loadgenCpu)) },
        { name: 'other processes on the machine', color: '#d9364f', values: trim(bySecond((s) => s.othersCpu)) },
      ],
    },
  ];
  const chart = chartPage(
    `Salus opening day: ${o.citizens.toLocaleString('en')} people over ${o.minutes} minutes, ${raw.servers} ` +
      `API process(es)`,
    `${new Date().toISOString()} · time 0 is the opening of the waiting room · sustained ` +
      `${throughput.sustained60s}/s, peak ${throughput.peak5s}/s · ${errors} errors · ${correctness.lost} lost`,
    panels,
    0,
  );
  const summary =
    `opening-day: ${rows.length} people, ${raw.servers} server(s): ${enrolledNow + (outcomes.already ?? 0)} ` +
    `enrolled, ${errors} errors, ${correctness.lost} lost, ${correctness.duplicated} duplicated; ` +
    `${throughput.sustained60s} enrollments/s sustained (peak ${throughput.peak5s}/s); p99 after admission ` +
    `${Math.max(...after)} ms (submit ${after[0]}, confirm ${after[1]}, resume ${after[2]}); ` +
    `largest room ${largestRoom}; out of order ${figures.fairness.share}%; server CPU ` +
    `${serverCpu.map((s) => `${s.meanPercentOfCore}%`).join('+')} of a core, peak RSS ` +
    `${serverCpu.map((s) => s.peakRssMb).join('+')} MB; ` +
    `otp to SMSC p99 ${raw.sms.otpTimeToSubmitMs.p99} ms, max ${raw.sms.otpTimeToSubmitMs.max} ms; ` +
    `mean ${throughput.meanFirstToLast}/s first to last; ` +
    `${costSummary(cost)}; ` +
    `allocator ${o.allocator ?? 'separate'}; ` +
    (figures.roomPhase === null
      ? ''
      : `room phase: ${figures.roomPhase.roomSizeMean} waiting, ${figures.roomPhase.roomRequestsPerSecond} ` +
        `requests/s, servers ${figures.roomPhase.serverCpuPercentOfOneCore}% of a core; `) +
    (ratio === null ? 'capacity not measured' : `${round(ratio * 100)}% of PostgreSQL capacity (${capacity}/s)`);
  return { figures, chart, summary, passed };
}
