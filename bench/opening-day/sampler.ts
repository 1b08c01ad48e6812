import { cpus } from 'node:os';
import { clusterCpuSeconds, machineTicks, postgresPids, procUsage } from './processes.ts';

export interface Sample {
  /** Seconds since the opening. */
  readonly t: number;
  /** CPU of each server process, in % of one core, over the last second. */
  readonly serverCpu: readonly number[];
  readonly serverRssMb: readonly number[];
  readonly postgresCpu: number;
  readonly loadgenCpu: number;
  /** The whole machine, in % of all cores. */
  readonly machineBusy: number;
  /** Everything else on the machine (other people's builds and tests), in % of one core. */
  readonly othersCpu: number;
  /** From GET /api/waitroom/:code on the first server (its cache: about a second old). */
  readonly room: {
    readonly waiting: number;
    readonly admitted: number;
    readonly issued: number;
    readonly givenUp: number;
    readonly currentRatePerMinute: number;
  } | null;
}

export interface Sampled {
  readonly samples: Sample[];
  readonly serverPeakRssMb: number[];
  readonly serverCpuSeconds: number[];
  readonly postgresCpuSeconds: number;
  readonly loadgenCpuSeconds: number;
}

/** Samples CPU (from /proc) and the room (over HTTP) once a second until stopped. */
export function startSampler(o: {
  servers: readonly number[];
  loadgen: number;
  roomUrl: string;
  openAt: number;
  /** The benchmark's own PostgreSQL (undefined: every postgres process on the machine is counted). */
  postmaster?: number | undefined;
}) {
  const samples: Sample[] = [];
  const cpu = (pid: number): number => procUsage(pid)?.cpuS ?? 0;
  // Per backend: a backend that exits takes its CPU seconds out of any sum, so deltas are kept per pid.
  const pgSeen = new Map<number, number>();
  let pgTotal = 0;
  const postmaster = o.postmaster;
  const pgCpu = (): number => {
    if (postmaster !== undefined) return clusterCpuSeconds(postmaster);
    for (const pid of postgresPids()) {
      const now = procUsage(pid)?.cpuS;
      if (now === undefined) continue;
      pgTotal += Math.max(0, now - (pgSeen.get(pid) ?? now));
      pgSeen.set(pid, now);
    }
    return pgTotal;
  };
  const start = { servers: o.servers.map(cpu), pg: pgCpu(), loadgen: cpu(o.loadgen) };
  let last = {
    at: performance.now(),
    servers: start.servers,
    pg: start.pg,
    loadgen: start.loadgen,
    machine: machineTicks(),
  };
  const peak = o.servers.map(() => 0);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const now = performance.now();
      const wall = (now - last.at) / 1000;
      const servers = o.servers.map(cpu);
      const pg = pgCpu();
      const loadgen = cpu(o.loadgen);
      const machine = machineTicks();
      // Clamped: a PostgreSQL backend that exits takes its CPU seconds out of the sum.
      const pct = (a: number, b: number): number => Math.max(0, Math.round(((a - b) / wall) * 100));
      o.servers.forEach((pid, i) => {
        peak[i] = Math.max(peak[i] ?? 0, procUsage(pid)?.peakRssMb ?? 0);
      });
      let room: Sample['room'] = null;
      try {
        const response = await fetch(o.roomUrl, { signal: AbortSignal.timeout(900) });
        if (response.ok) room = (await response.json()) as Sample['room'];
      } catch {
        room = null;
      }
      const machineBusy = Math.round(
        ((machine.busy - last.machine.busy) / Math.max(1, machine.total - last.machine.total)) * 100,
      );
      const ours =
        servers.reduce((sum, c, i) => sum + pct(c, last.servers[i] ?? c), 0) +
        pct(pg, last.pg) +
        pct(loadgen, last.loadgen);
      samples.push({
        t: Math.round((Date.now() - o.openAt) / 1000),
        serverCpu: servers.map((c, i) => pct(c, last.servers[i] ?? c)),
        serverRssMb: o.servers.map((pid) => Math.round(procUsage(pid)?.rssMb ?? 0)),
        postgresCpu: pct(pg, last.pg),
        loadgenCpu: pct(loadgen, last.loadgen),
        machineBusy,
        othersCpu: Math.max(0, machineBusy * cpus().length - ours),
        room,
      });
      last = { at: now, servers, pg, loadgen, machine };
    })().finally(() => {
      busy = false;
    });
  }, 1_000);
  return {
    stop(): Sampled {
      clearInterval(timer);
      o.servers.forEach((pid, i) => {
        peak[i] = Math.max(peak[i] ?? 0, procUsage(pid)?.peakRssMb ?? 0);
      });
      return {
        samples,
        serverPeakRssMb: peak.map(Math.round),
        serverCpuSeconds: o.servers.map((pid, i) => Number((cpu(pid) - (start.servers[i] ?? 0)).toFixed(1))),
        postgresCpuSeconds: Number((pgCpu() - start.pg).toFixed(1)),
        loadgenCpuSeconds: Number((cpu(o.loadgen) - start.loadgen).toFixed(1)),
      };
    },
  };
}
