import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { registryRepository } from '../../src/registry/repository.ts';
import { seedPopulation } from '../../src/registry/seed.ts';
import { loadLombardy } from '../../src/registry/territory.ts';
import { runAllocation } from '../../src/scheduling/allocation.ts';
import { allocationRepository } from '../../src/scheduling/repository.ts';
import { seedCapacityAndSupply, seedCentres, seedProductsAndNeighbours } from '../../src/scheduling/seed.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { measureServer, rawWrite, type ServerWork } from './measure.ts';
import { writeReport } from '../lib/report.ts';

/**
 * `npm run bench:allocate [-- --people N --centres C --days D]`: N enrolled over-80s
 * (default 700,000, from the synthetic population), C centres (60) with D days (60)
 * of capacity and supply, first and second doses. Reports the time to allocate
 * everything, appointments/s, priority inversions, utilisation and peak memory, where the
 * time goes (reading, Node, COPY, counters, COMMIT), what PostgreSQL did (CPU, WAL, fsyncs,
 * evictions, checkpoints) and the same for a raw write of the same rows into a bare table.
 */
const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '700000' },
    centres: { type: 'string', default: '60' },
    days: { type: 'string', default: '60' },
  },
});
const people = Number(values.people);
const centreCount = Number(values.centres);
const days = Number(values.days);
const territory = loadLombardy();
const startDay = '2026-12-01';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const database = await benchDatabase('allocate');
const db = createDb({ url: database.url, poolMax: 3 });
const observer = new pg.Client({ connectionString: database.url });
await observer.connect();
try {
  await migrate(db.pool);
  process.stderr.write(`seeding ${people} over-80 citizens…\n`);
  await seedPopulation(
    { pool: db.pool, repo: registryRepository(db.kysely), territory },
    { seed: 80, citizens: people, asOf: '2026-01-01', minAge: 80 },
  );
  await seedProductsAndNeighbours(db.kysely, territory);
  await seedCentres(db.kysely, territory, centreCount, null);
  // Offered capacity: first doses for everyone within the horizon, plus room for second doses after it.
  const lines = await sql<{ n: number }>`SELECT sum(lines)::int AS n FROM centres`.execute(db.kysely);
  const dosesPerLinePerDay = Math.ceil((3.6 * people) / ((lines.rows[0]?.n ?? 1) * (days + 42)));
  await seedCapacityAndSupply(db.kysely, {
    start: startDay,
    days: days + 42,
    dosesPerLinePerDay,
    products: ['Comirnaty', 'Spikevax'],
    supplyShare: 0.95,
  });
  const campaign = await sql<{ id: number }>`
    INSERT INTO campaigns (code, name, products, opens_at, planned_weekly_capacity)
    VALUES ('bench-over80', 'Bench over 80', '{Comirnaty,Spikevax}',
    now() - interval '1 day', 100000) RETURNING id`.execute(db.kysely);
  const campaignId = campaign.rows[0]?.id ?? 0;
  await sql`INSERT INTO campaign_cohorts (campaign_id, label, born_to_year, opens_at)
  VALUES (${campaignId}, 'over 80', 1946, now() - interval '1 day')`.execute(db.kysely);
  await sql`
    INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by, enrolled_at)
    SELECT ${campaignId}, c.id, (SELECT id FROM campaign_cohorts WHERE campaign_id = ${campaignId}), 'citizen', 'code',
           now() - (hashint4(c.id::int) % 864000) * interval '1 second'
    FROM citizens c WHERE c.synthetic_seed = 80`.execute(db.kysely);
  await sql`ANALYZE`.execute(db.kysely);
  process.stderr.write('allocating…\n');

  let report: Awaited<ReturnType<typeof runAllocation>> | undefined;
  const server = await measureServer(observer, database.url, async () => {
    report = await runAllocation(
      db.pool,
      allocationRepository(),
      { id: campaignId, products: ['Comirnaty', 'Spikevax'] },
      { startDay, horizonDays: days },
    );
  });
  if (report === undefined) throw new Error('no allocation report');
  const seconds = server.wallMs / 1000;
  const offered = await sql<{ offered: number; booked: number }>`
    SELECT sum(doses)::int AS offered, sum(booked)::int AS booked FROM centre_capacity
    WHERE day < ${startDay}::date + ${days}::int`.execute(db.kysely);
  const check = await sql<{ over: number; dup: number }>`
    SELECT (SELECT count(*)::int FROM centre_capacity WHERE booked > doses) AS over,
           (SELECT count(*)::int FROM (SELECT enrollment_id, dose_number FROM appointments
           GROUP BY 1, 2 HAVING count(*) > 1) x) AS dup`.execute(db.kysely);
  const settings = await observer.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
    [['shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression']],
  );
  const writer = await db.pool.connect();
  const raw = await rawWrite(observer, writer, database.url).finally(() => {
    writer.release();
  });
  clearInterval(sampler);
  const appointments = report.firstDoses + report.secondDoses;
  const figures = {
    people,
    centres: centreCount,
    days,
    secondsToAllocate: Number(seconds.toFixed(2)),
    appointments,
    appointmentsPerSecond: Math.round(appointments / seconds),
    firstDoses: report.firstDoses,
    secondDoses: report.secondDoses,
    unallocated: report.unallocated,
    priorityInversions: report.inversions,
    overbookedSlots: check.rows[0]?.over ?? -1,
    duplicateAppointments: check.rows[0]?.dup ?? -1,
    utilisationOfOfferedCapacity: Number(
      ((offered.rows[0]?.booked ?? 0) / Math.max(1, offered.rows[0]?.offered ?? 1)).toFixed(3),
    ),
    timingsMs: report.timings,
    serverSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    server,
    rawWrite: raw,
    ratioToRawWrite: {
      wall: Number((report.timings.copyMs / Math.max(1, raw.wallMs)).toFixed(1)),
      postgresCpu:
        server.postgresCpuMs === null || raw.postgresCpuMs === null
          ? null
          : Number((server.postgresCpuMs / Math.max(1, raw.postgresCpuMs)).toFixed(1)),
    },
    peakRssMb: Math.round(peakRss / 2 ** 20),
    aim: 'all 700,000 in under 10 s on 2 cores; 0 inversions',
  };
  writeReport(
    'allocate',
    figures,
    `allocate: ${people} people → ${appointments} appointments in ${figures.secondsToAllocate} s ` +
      `(${figures.appointmentsPerSecond}/s), ${figures.priorityInversions} inversions, ${figures.unallocated} ` +
      `unallocated, utilisation ${figures.utilisationOfOfferedCapacity}, peak RSS ${figures.peakRssMb} MB\n` +
      `  phases (ms): ${Object.entries(report.timings)
        .map(([k, v]) => `${k.replace(/Ms$/, '')} ${v}`)
        .join(', ')}\n` +
      `  PostgreSQL: ${describe(server)}\n` +
      `  raw write of the same rows into a bare table: ${describe(raw)}; the COPY is ` +
      `${figures.ratioToRawWrite.wall}x its wall time, the run ${String(figures.ratioToRawWrite.postgresCpu)}x its CPU`,
  );
} finally {
  clearInterval(sampler);
  await observer.end();
  await db.close();
  await database.close();
}

/** One line of what the server did: wall, CPU (PostgreSQL's, then this process's), WAL and I/O. */
function describe(w: ServerWork): string {
  const cpu = w.postgresCpuMs === null ? 'not local' : `${(w.postgresCpuMs / 1000).toFixed(1)} s`;
  return (
    `${(w.wallMs / 1000).toFixed(1)} s wall, CPU ${cpu} (Node ${(w.nodeCpuMs / 1000).toFixed(1)} s), ` +
    `WAL ${w.walMb} MB (${w.walFullPageImages} full pages), ` +
    `${w.walSyncs} WAL fsyncs, ${w.backendWrites} pages written by the backend, ${w.checkpoints} checkpoints`
  );
}
