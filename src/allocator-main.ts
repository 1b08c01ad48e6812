import { setPriority } from 'node:os';
import { createDb } from './db/database.ts';
import { migrationsApplied } from './db/migrate.ts';
import { startSupervisedWorker } from './jobs/worker.ts';
import { ALLOCATE_CRONTAB, allocatorJobs } from './scheduling/index.ts';
import { Supervision } from './shared/supervisor.ts';
import { startProcess, stopOnSignals } from './process-entry.ts';

// The lowest priority (nice 19): the allocator's own CPU goes to the API servers first on a shared host.
const NICEST = 19;

/**
 * `npm run allocator`: the priority allocator in a process of its own (issue 21, ADR 0023). With
 * ALLOCATOR=separate the API servers only request runs (graphile-worker jobs, debounced by their key) and no
 * longer run them: a run loads every enrollment still without a first dose, so its cost grows through opening day
 * and, in the servers, it took CPU from the citizens' requests. Run one (or more: the job key and the capacity lock
 * make concurrent runs safe) next to the servers, on the same database, with the same environment.
 */
async function main(): Promise<void> {
  const { config, logger } = startProcess('salus-allocator');
  if (config.DATABASE_URL === undefined) {
    process.stderr.write("salus allocator: set DATABASE_URL to the servers' database\n");
    process.exit(2);
  }
  try {
    setPriority(NICEST);
  } catch (error) {
    logger.warn({ err: error }, "could not lower the allocator's priority; it runs at the default one");
  }
  // Two connections: the run's transaction and graphile-worker's own queries.
  const db = createDb({ url: config.DATABASE_URL, poolMax: 2, applicationName: 'salus-allocator' });
  if (!(await migrationsApplied(db.pool))) {
    logger.fatal('the database is not migrated: start an API server first (it applies the migrations)');
    await db.close();
    process.exit(1);
  }
  const jobs = allocatorJobs({ db: db.kysely, pool: db.pool, now: () => new Date() });
  const supervision = new Supervision({ log: logger.child({ component: 'supervisor' }) });
  const worker = await startSupervisedWorker(
    { pool: db.pool, logger, tasks: jobs.tasks, crontab: ALLOCATE_CRONTAB, concurrency: 1 },
    supervision,
  );
  logger.info('allocator running');
  // A run in progress is one transaction: stopping the worker lets it finish (or roll back) first; 60 s at most.
  stopOnSignals(
    logger,
    'the allocator',
    async () => {
      await worker.stop();
      await db.close();
    },
    60_000,
  );
}

await main();
