import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

/**
 * CPU time spent on a phase, per document: the Node process (every thread: the HTTP server, the validation pool's
 * threads and this benchmark's own client) and the database's backends serving the bench database. On a shared
 * 2-core machine a rate measures the neighbours too; CPU milliseconds per document do not.
 */
export interface PhaseCpu {
  readonly nodeMsPerDocument: number;
  /** Of which the main thread: the event loop serving HTTP and the database, and the benchmark's client. */
  readonly mainThreadMsPerDocument: number;
  readonly postgresMsPerDocument: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in ms, or 0 if it is gone or /proc is not there (not Linux, another host). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function backendsCpuMs<T>(db: Kysely<T>): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** Starts counting; the returned function gives the CPU per document since then. */
export async function cpuMeter<T>(db: Kysely<T>): Promise<(documents: number) => Promise<PhaseCpu>> {
  const node = process.cpuUsage();
  const main = process.threadCpuUsage();
  const before = await backendsCpuMs(db);
  return async (documents) => {
    const used = process.cpuUsage(node);
    const usedByMain = process.threadCpuUsage(main);
    const after = await backendsCpuMs(db);
    // A backend started during the phase counts from 0; one that ended is lost (the pool keeps them open).
    let postgres = 0;
    for (const [pid, ms] of after) postgres += ms - (before.get(pid) ?? 0);
    const perDocument = (ms: number) => Math.round((ms / documents) * 10) / 10;
    return {
      nodeMsPerDocument: perDocument((used.user + used.system) / 1000),
      mainThreadMsPerDocument: perDocument((usedByMain.user + usedByMain.system) / 1000),
      postgresMsPerDocument: perDocument(postgres),
    };
  };
}
