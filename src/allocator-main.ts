import { setPriority } from 'node:os';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import { migrationsApplied } from './db/migrate.ts';
import { startSupervisedWorker } from './jobs/worker.ts';
import { unhandledRejectionHandler } from './jobs/unhandled.ts';
import { ALLOCATE_CRONTAB, allocatorJobs } from './scheduling/index.ts';
import { Supervision } from './shared/supervisor.ts';

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
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`salus allocator: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'salus-allocator' } });
  process.on(
    'unhandledRejection',
    unhandledRejectionHandler(logger, (code) => process.exit(code)),
  );
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
  const stop = (signal: NodeJS.Signals): void => {
    logger.info(`${signal}: stopping the allocator`);
    void worker
      .stop()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'allocator shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
