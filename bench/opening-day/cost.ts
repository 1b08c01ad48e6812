import type { Panel } from './chart.ts';
import type { OpeningDayRaw } from './orchestrate.ts';

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

/**
 * What one completed enrollment costs (issue 21): CPU ms per process group over the whole run (nothing
 * excluded: polls, SMS dispatch, the allocator and the room are in it), commits per enrollment, and the
 * enrollment transactions measured straight against PostgreSQL next to a pgbench-style two-insert
 * transaction measured in the same run.
 */
export function costFigures(
  raw: OpeningDayRaw,
  completed: number,
  rates: { readonly meanFirstToLast: number; readonly sustained60s: number },
) {
  const per = (seconds: number): number => round((seconds * 1000) / Math.max(1, completed));
  const { sampled, capacity } = raw;
  const apiSeconds = sampled.serverCpuSeconds.reduce((a, b) => a + b, 0);
  const cpuMsPerEnrollment = {
    postgres: per(sampled.postgresCpuSeconds),
    apiServers: per(apiSeconds),
    loadGenerators: per(sampled.loadgenCpuSeconds),
  };
  const twoInserts = capacity?.twoInserts ?? null;
  const same = capacity?.sameTransactions ?? null;
  const reference =
    twoInserts === null || same === null
      ? null
      : {
          twoInsertTransactionsPerSecond: twoInserts.perSecond,
          twoInsertPostgresCpuMs: twoInserts.postgresCpuMsPerUnit,
          // At two commits per enrollment, the rate the machine could reach if an enrollment cost two inserts.
          ratioMeanToTwoInsertRate: round(rates.meanFirstToLast / Math.max(1, twoInserts.perSecond), 4),
          ratioSustainedToTwoInsertRate: round(rates.sustained60s / Math.max(1, twoInserts.perSecond), 4),
          ratioEnrollmentTransactionsToTwoInsertRate: round(same.perSecond / Math.max(1, twoInserts.perSecond), 4),
          // Rates depend on what else runs on the machine; CPU per unit much less.
          postgresCpuOfOneEnrollmentInTwoInsertTransactions:
            twoInserts.postgresCpuMsPerUnit === null || twoInserts.postgresCpuMsPerUnit === 0
              ? null
              : round(cpuMsPerEnrollment.postgres / twoInserts.postgresCpuMsPerUnit),
        };
  return {
    completedEnrollments: completed,
    cpuMsPerEnrollment,
    postgresCpuCounted: raw.postgresCpuOwnCluster
      ? "the benchmark's PostgreSQL cluster (postmaster, its backends and exited children)"
      : 'every postgres process on the machine (the cluster is not local)',
    commitsPerEnrollment: round(raw.commits / Math.max(1, completed)),
    enrollmentTransactionsStraightToPostgres:
      same === null
        ? null
        : {
            perSecond: same.perSecond,
            postgresCpuMsPerEnrollment: same.postgresCpuMsPerUnit,
            commitsPerEnrollment: same.commitsPerUnit,
          },
    reference,
    aims: { postgresCpuMs: 1.5, apiServersCpuMs: 3, commitsOnTheCitizensPath: 2 },
  };
}

export type CostFigures = ReturnType<typeof costFigures>;

/** The headline's part: CPU per enrollment and commits. */
export function costSummary(cost: CostFigures): string {
  const c = cost.cpuMsPerEnrollment;
  return (
    `per enrollment: PostgreSQL ${c.postgres} ms, API ${c.apiServers} ms, load generators ${c.loadGenerators} ms ` +
    `of CPU, ${cost.commitsPerEnrollment} commits`
  );
}

/** CPU ms per completed enrollment over 10 s windows, for the chart. */
export function costPanel(
  samples: readonly { t: number; serverCpu: readonly number[]; postgresCpu: number }[],
  completed: readonly number[],
  seconds: number,
): Panel {
  const windows = Math.ceil(seconds / 10);
  const pg = new Array<number>(windows).fill(0);
  const api = new Array<number>(windows).fill(0);
  const done = new Array<number>(windows).fill(0);
  // % of one core over a one-second sample is 10 ms of CPU per percent.
  for (const s of samples) {
    const w = Math.floor(s.t / 10);
    if (w < 0 || w >= windows) continue;
    pg[w] = (pg[w] ?? 0) + s.postgresCpu * 10;
    api[w] = (api[w] ?? 0) + s.serverCpu.reduce((a, b) => a + b, 0) * 10;
  }
  completed.forEach((n, second) => {
    const w = Math.floor(second / 10);
    if (w < windows) done[w] = (done[w] ?? 0) + n;
  });
  // One value per second (the window's), so that the panel shares the other panels' time axis.
  const perSecond = (ms: readonly number[]): number[] =>
    Array.from({ length: seconds }, (_, t) => {
      const w = Math.floor(t / 10);
      const n = done[w] ?? 0;
      return n < 10 ? Number.NaN : round((ms[w] ?? 0) / n);
    });
  return {
    title: 'Cost per completed enrollment (10 s windows)',
    unit: 'CPU ms per enrollment',
    series: [
      { name: 'PostgreSQL', color: '#008758', values: perSecond(pg) },
      { name: 'API servers (sum)', color: '#0066cc', values: perSecond(api) },
    ],
  };
}
