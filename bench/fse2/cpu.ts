import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { pgssEnabled, printStatementStats, resetStatementStats } from './pgss.ts';

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
  /** SQL statements sent per document by this process's clients (the server's pool, the relay, the bench). */
  readonly statementsPerDocument: number;
  /** Transactions committed per document in the bench database (pg_stat_database.xact_commit). */
  readonly commitsPerDocument: number;
  /** WAL written per document, in KB (pg_current_wal_lsn): the bytes stored, their TOAST and index entries. */
  readonly walKbPerDocument: number;
}

/**
 * Every statement a pg client of this process sends, counted at the driver: the server runs in the benchmark's
 * process, so this is the platform's statements per document without pg_stat_statements (not preloaded here).
 */
let statements = 0;
/** FSE2_BENCH_STATEMENTS=1: each phase also prints its statements by kind (their first 80 characters). */
const byKind = new Map<string, number>();
const listKinds = process.env.FSE2_BENCH_STATEMENTS === '1';
const kindOf = (query: unknown): string => {
  const config = (query ?? {}) as { text?: unknown };
  const text = typeof query === 'string' ? query : typeof config.text === 'string' ? config.text : '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 80);
};
const countingQuery = Symbol.for('salus.bench.countingQuery');
const clientPrototype = pg.Client.prototype as unknown as Record<symbol | string, unknown>;
if (clientPrototype[countingQuery] !== true) {
  const query = clientPrototype.query as (...args: unknown[]) => unknown;
  clientPrototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    if (listKinds) byKind.set(kindOf(args[0]), (byKind.get(kindOf(args[0])) ?? 0) + 1);
    return query.apply(this, args);
  };
  clientPrototype[countingQuery] = true;
}

async function databaseCounters<T>(db: Kysely<T>): Promise<{ commits: number; walBytes: number }> {
  // Stats are a snapshot per transaction: clear it so the counters read are today's.
  await sql`SELECT pg_stat_clear_snapshot()`.execute(db);
  const { rows } = await sql<{ commits: string; wal: string }>`
    SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::text AS commits,
           pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal`.execute(db);
  return { commits: Number(rows[0]?.commits ?? 0), walBytes: Number(rows[0]?.wal ?? 0) };
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
  const countersBefore = await databaseCounters(db);
  const statementsBefore = statements;
  byKind.clear();
  if (pgssEnabled) await resetStatementStats(db);
  return async (documents) => {
    if (listKinds) {
      const kinds = [...byKind].sort((a, b) => b[1] - a[1]);
      for (const [kind, n] of kinds) console.log(`  ${(n / documents).toFixed(2)} per document: ${kind}`);
    }
    const used = process.cpuUsage(node);
    const usedByMain = process.threadCpuUsage(main);
    const sent = statements - statementsBefore;
    const after = await backendsCpuMs(db);
    const countersAfter = await databaseCounters(db);
    if (pgssEnabled) await printStatementStats(db, documents);
    // A backend started during the phase counts from 0; one that ended is lost (the pool keeps them open).
    let postgres = 0;
    for (const [pid, ms] of after) postgres += ms - (before.get(pid) ?? 0);
    const perDocument = (ms: number) => Math.round((ms / documents) * 10) / 10;
    return {
      nodeMsPerDocument: perDocument((used.user + used.system) / 1000),
      mainThreadMsPerDocument: perDocument((usedByMain.user + usedByMain.system) / 1000),
      postgresMsPerDocument: perDocument(postgres),
      statementsPerDocument: perDocument(sent),
      commitsPerDocument: perDocument(countersAfter.commits - countersBefore.commits),
      walKbPerDocument: perDocument((countersAfter.walBytes - countersBefore.walBytes) / 1024),
    };
  };
}
