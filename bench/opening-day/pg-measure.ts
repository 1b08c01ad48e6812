import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { nameStatementsOf, statementNamer } from '../../src/db/prepared.ts';
import { clusterCpuSeconds } from './processes.ts';

export interface WorkMeasurement {
  readonly perSecond: number;
  readonly units: number;
  readonly seconds: number;
  /** PostgreSQL CPU (every process of the cluster) per unit of work, in ms; null when the server is not local. */
  readonly postgresCpuMsPerUnit: number | null;
  /** Transactions committed per unit of work (pg_stat_database.xact_commit of the database). */
  readonly commitsPerUnit: number;
}

/** Transactions committed so far in the database behind `client`, as the statistics system last flushed them. */
export async function committedTransactions(client: pg.ClientBase): Promise<number> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ n: string }>(
    'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Waits until no client backend other than the caller's and `keep`'s is connected to the database: a
 * backend flushes its statistics (its commits) when it exits, so commit counts are read after that.
 */
export async function waitForBackendsToExit(client: pg.ClientBase, keep: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
       AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> $1`,
      [keep],
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    await sleep(50);
  }
}

/**
 * Runs `unit` from `connections` connections until `seconds` pass or `units` are done, and measures
 * the rate, PostgreSQL's CPU per unit (from /proc, when the cluster's postmaster is known) and commits per unit.
 */
export async function measureWork(
  url: string,
  options: { seconds: number; connections: number; units: number; postmaster: number | undefined },
  unit: (client: pg.PoolClient, index: number) => Promise<void>,
): Promise<WorkMeasurement> {
  const application = `bench-measure-${process.pid}`;
  const observer = new pg.Client({ connectionString: url, application_name: `${application}-observer` });
  await observer.connect();
  const pool = new pg.Pool({ connectionString: url, max: options.connections, application_name: application });
  pool.on('error', () => undefined); // idle clients dropped at the end of the run
  // Statements prepared once per connection, as the server's pool sends them (src/db/prepared.ts).
  const namer = statementNamer();
  pool.on('connect', (client) => {
    nameStatementsOf(client, namer.forConnection());
  });
  try {
    // Connections opened before the clock starts: the measurement is of the statements, not of connecting.
    const clients = await Promise.all(Array.from({ length: options.connections }, () => pool.connect()));
    const commitsBefore = await committedTransactions(observer);
    const cpuBefore = options.postmaster === undefined ? null : clusterCpuSeconds(options.postmaster);
    const deadline = Date.now() + options.seconds * 1000;
    let next = 0;
    let done = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < deadline && next < options.units) {
          const index = next;
          next += 1;
          await unit(client, index);
          done += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = options.postmaster === undefined ? null : clusterCpuSeconds(options.postmaster);
    for (const client of clients) client.release();
    await pool.end();
    await waitForBackendsToExit(observer, `${application}-observer`);
    const commits = (await committedTransactions(observer)) - commitsBefore;
    const per = (v: number): number => Number((v / Math.max(1, done)).toFixed(3));
    return {
      perSecond: Math.round(done / seconds),
      units: done,
      seconds: Number(seconds.toFixed(1)),
      postgresCpuMsPerUnit: cpuBefore === null || cpuAfter === null ? null : per((cpuAfter - cpuBefore) * 1000),
      commitsPerUnit: per(commits),
    };
  } finally {
    await pool.end().catch(() => undefined);
    await observer.end();
  }
}

/**
 * The machine's reference: a pgbench-style transaction of two single-row inserts (BEGIN, INSERT,
 * INSERT, COMMIT), from 8 connections as the pgbench run, on tables of its own. Its inserts are
 * prepared statements, as `pgbench -M prepared` sends them (the run used the default, simple): the same
 * protocol as the server's, and the higher of the two limits.
 */
export async function measureTwoInserts(
  url: string,
  options: { seconds: number; postmaster: number | undefined },
): Promise<WorkMeasurement> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE IF NOT EXISTS bench_two_insert_a (id bigint PRIMARY KEY, at timestamptz NOT NULL,
    filler text NOT NULL)`);
  await setup.query(`CREATE TABLE IF NOT EXISTS bench_two_insert_b (id bigint PRIMARY KEY, at timestamptz NOT NULL,
    filler text NOT NULL)`);
  await setup.query('TRUNCATE bench_two_insert_a, bench_two_insert_b');
  await setup.end();
  return measureWork(url, { ...options, connections: 8, units: Number.MAX_SAFE_INTEGER }, async (client, i) => {
    await client.query('BEGIN');
    await client.query('INSERT INTO bench_two_insert_a VALUES ($1, now(), $2)', [i, 'x'.repeat(84)]);
    await client.query('INSERT INTO bench_two_insert_b VALUES ($1, now(), $2)', [i, 'x'.repeat(84)]);
    await client.query('COMMIT');
  });
}
