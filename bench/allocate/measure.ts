import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { clusterCpuSeconds, postmasterOf } from '../opening-day/processes.ts';

/** What the server did during a phase: its CPU (all of the cluster's processes), WAL, I/O and checkpoints. */
export interface ServerWork {
  readonly wallMs: number;
  /** null when the server is not local (BENCH_DATABASE_URL elsewhere): /proc cannot see it. */
  readonly postgresCpuMs: number | null;
  /** This process's CPU (building the rows, the COPY stream, the driver). */
  readonly nodeCpuMs: number;
  readonly walMb: number;
  /** Full-page images written to WAL (the first change of a page after a checkpoint logs the whole page). */
  readonly walFullPageImages: number;
  /** WAL fsyncs, by anyone: each is a wait for the disk. */
  readonly walSyncs: number;
  /** Pages a backend had to write itself to make room (evictions) or from its bulk-write ring. */
  readonly backendWrites: number;
  readonly checkpoints: number;
}

interface Counters {
  readonly wal: number;
  readonly fpi: number;
  readonly walSyncs: number;
  readonly backendWrites: number;
  readonly checkpoints: number;
}

async function counters(client: pg.ClientBase): Promise<Counters> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  // pg_stat_io's 'wal' object and pg_stat_checkpointer are PostgreSQL 17+/18 (the embedded server is 18).
  const { rows } = await client.query<Record<keyof Counters, string>>(`
    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal,
           (SELECT wal_fpi FROM pg_stat_wal)::text AS fpi,
           (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal')::text AS "walSyncs",
           (SELECT coalesce(sum(writes), 0) FROM pg_stat_io
            WHERE backend_type = 'client backend' AND object = 'relation')::text AS "backendWrites",
           (SELECT num_timed + num_requested FROM pg_stat_checkpointer)::text AS checkpoints`);
  const row = rows[0];
  return {
    wal: Number(row?.wal ?? 0),
    fpi: Number(row?.fpi ?? 0),
    walSyncs: Number(row?.walSyncs ?? 0),
    backendWrites: Number(row?.backendWrites ?? 0),
    checkpoints: Number(row?.checkpoints ?? 0),
  };
}

/**
 * Measures `work` as the server sees it. Statistics are flushed by the backends at the end of each
 * transaction (at most every second while idle), so the last reading waits a second after `work`.
 */
export async function measureServer(
  observer: pg.ClientBase,
  url: string,
  work: () => Promise<void>,
): Promise<ServerWork> {
  const postmaster = await postmasterOf(url);
  await observer.query('CHECKPOINT'); // the seed's dirty pages are not the write's to flush
  const before = await counters(observer);
  const cpuBefore = postmaster === undefined ? null : clusterCpuSeconds(postmaster);
  const started = performance.now();
  const node = process.cpuUsage();
  await work();
  const wallMs = performance.now() - started;
  const nodeCpu = process.cpuUsage(node);
  const cpuAfter = postmaster === undefined ? null : clusterCpuSeconds(postmaster);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const after = await counters(observer);
  return {
    wallMs: Math.round(wallMs),
    postgresCpuMs: cpuBefore === null || cpuAfter === null ? null : Math.round((cpuAfter - cpuBefore) * 1000),
    nodeCpuMs: Math.round((nodeCpu.user + nodeCpu.system) / 1000),
    walMb: Math.round((after.wal - before.wal) / 2 ** 20),
    walFullPageImages: after.fpi - before.fpi,
    walSyncs: after.walSyncs - before.walSyncs,
    backendWrites: after.backendWrites - before.backendWrites,
    checkpoints: after.checkpoints - before.checkpoints,
  };
}

/**
 * The floor for the write: the same rows, read back as COPY text, copied in one transaction into a
 * bare table (no key, index, identity or default), measured like the allocation.
 */
export async function rawWrite(observer: pg.ClientBase, writer: pg.ClientBase, url: string): Promise<ServerWork> {
  const chunks: Buffer[] = [];
  await pipeline(
    writer.query(
      copyTo(`COPY (SELECT enrollment_id, citizen_id, centre_id, product, dose_number, day, starts_at, allocation_run
                    FROM appointments ORDER BY id) TO STDOUT`),
    ),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  await writer.query(`CREATE TABLE raw_appointments (enrollment_id bigint, citizen_id bigint, centre_id bigint,
    product text, dose_number integer, day date, starts_at timestamptz, allocation_run bigint)`);
  const work = await measureServer(observer, url, async () => {
    await writer.query('BEGIN');
    await pipeline(Readable.from(chunks), writer.query(copyFrom('COPY raw_appointments FROM STDIN')));
    await writer.query('COMMIT');
  });
  await writer.query('DROP TABLE raw_appointments');
  return work;
}
