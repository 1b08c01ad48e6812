import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a Node script of this repository with its output in `logFile`. */
export function startNode(script: string, env: Record<string, string>, logFile: string, ipc = false): Child {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid ?? -1;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${script} (pid ${pid}) exited on its own: code ${code}, signal ${signal}\n`);
  });
  return {
    pid,
    process: child,
    async stop(graceMs = 30_000) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) =>
        child.once('exit', () => {
          resolve();
        }),
      );
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when GET url answers 200, or throws after `timeoutMs`. */
export async function waitFor(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${url}: the process exited with ${child.process.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms`);
}

/** The first IPC message of `kind` from a child. */
export function nextMessage<T extends { kind: string }>(child: Child, kind: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no "${kind}" message in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown): void => {
      const m = message as T;
      if (m.kind === 'failed') {
        clearTimeout(timer);
        child.process.off('message', onMessage);
        reject(new Error(`child failed: ${JSON.stringify(m)}`));
      }
      if (m.kind !== kind) return;
      clearTimeout(timer);
      child.process.off('message', onMessage);
      resolve(m);
    };
    child.process.on('message', onMessage);
    child.process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before "${kind}"`));
    });
  });
}

const CLOCK_TICKS = 100; // USER_HZ on Linux (sysconf(_SC_CLK_TCK)), the unit of /proc/<pid>/stat times

/** CPU seconds (user + system) and RSS of a process from /proc; null once it is gone. */
export function procUsage(pid: number): { cpuS: number; rssMb: number; peakRssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuS = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { cpuS, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * PostgreSQL processes: those of one cluster (its postmaster and the postmaster's children) when
 * `postmaster` is given, else every one on the machine. Other people's test clusters run on the same
 * machine: counting theirs made the benchmark's PostgreSQL CPU depend on what else was running.
 */
export function postgresPids(postmaster?: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return false;
        return postmaster === undefined || pid === postmaster || parentPid(pid) === postmaster;
      } catch {
        return false;
      }
    });
}

/** The parent of a process (field 4 of /proc/<pid>/stat), or -1 once it is gone. */
export function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/**
 * CPU seconds used so far by one PostgreSQL cluster: the postmaster's own, those of its children that
 * have exited (the kernel adds a reaped child's time to its parent's cutime/cstime), and those of its
 * live children. Exact for backends that come and go between two readings, unlike sampling each pid.
 */
export function clusterCpuSeconds(postmaster: number): number {
  const times = (pid: number): number[] => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
  };
  let ticks = times(postmaster).reduce((a, b) => a + b, 0);
  for (const pid of postgresPids(postmaster)) {
    if (pid === postmaster) continue;
    try {
      ticks += times(pid).reduce((a, b) => a + b, 0);
    } catch {
      // exited and reaped since the listing: its time is in the postmaster's cutime now (or next reading)
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The postmaster of the cluster behind `url`: the parent of one of its backends (a local server). */
export async function postmasterOf(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const parent = parentPid(rows[0]?.pid ?? -1);
    return parent > 0 && readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((s, v) => s + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}
