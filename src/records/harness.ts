import { runMigrations, type Runner } from 'graphile-worker';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { createMetricsRegistry } from '../http/metrics.ts';
import { createIdentityModule } from '../identity/index.ts';
import { startWorker } from '../jobs/worker.ts';
import { enqueueMessage } from '../notify/index.ts';
import {
  demoLogins,
  loadLombardy,
  registerRegistryRoutes,
  registryRepository,
  registryService,
} from '../registry/index.ts';
import type { Outbox } from '../shared/outbox.ts';
import { createRecordsModule, type RecordsModule } from './index.ts';
import { romeDay } from '../shared/rome-day.ts';

export interface RecordsServer {
  readonly baseUrl: string;
  readonly fhirBase: string;
  readonly records: RecordsModule;
  readonly metrics: () => Promise<string>;
  /** Starts the job worker now, if it was not started with the server. */
  startWorker(): Promise<void>;
  /** Stops HTTP and the worker; the database is the caller's. */
  close(): Promise<void>;
}

export interface RecordsServerOptions {
  readonly db: Db;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly port: number;
  readonly seed?: boolean;
  readonly worker?: boolean;
  readonly outbox?: Outbox;
  readonly maxAttempts?: number;
  readonly demoCitizens?: number;
}

/**
 * The records module on a real server: registry demo people, identity (login,
 * sessions, client credentials) and the records routes, tasks and seed, composed as
 * src/modules.ts does, with just what the FSE needs, so that tests and the benchmark
 * start in about a second and do not depend on other modules' seeds.
 */
export async function startRecordsServer(options: RecordsServerOptions): Promise<RecordsServer> {
  const { db, port } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATABASE_URL: options.databaseUrl,
    SALUS_DATA_DIR: options.dataDir,
    SALUS_DEMO: 'true',
    SALUS_DEMO_CITIZENS: String(options.demoCitizens ?? 20),
    LOG_LEVEL: 'silent',
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const territory = loadLombardy();
  const registry = registryService({
    pool: db.pool,
    repo: registryRepository(db.kysely),
    territory,
    demo: true,
    today: () => romeDay(new Date()),
  });
  await registry.seedDemoIfEmpty(options.demoCitizens ?? 20);
  const identity = createIdentityModule({
    config,
    db: db.kysely,
    pool: db.pool,
    demoFiscalCodes: () => Promise.resolve(demoLogins(territory)),
  });
  const credentials = await identity.seedDemoCredentials();
  const metrics = createMetricsRegistry(db.pool);
  const outbox: Outbox = options.outbox ?? {
    enqueue: async (trx, message) => {
      await enqueueMessage(trx, message);
    },
  };
  const records = createRecordsModule({
    db: db.kysely,
    pool: db.pool,
    audit: identity.audit,
    outbox,
    metrics,
    publicUrl: baseUrl,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  await runMigrations({ pgPool: db.pool }); // ITI-65 enqueues jobs even when no worker runs them
  if (options.seed !== false) await records.seedDemo();
  let worker: Runner | null = null;
  const start = async () => {
    worker ??= await startWorker({ pool: db.pool, logger, tasks: records.tasks, crontab: records.crontab });
  };
  if (options.worker !== false) await start();
  const { app } = await buildApp({
    logger,
    metrics,
    health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
    modules: [
      (a) => identity.registerRoutes(a),
      (a) => {
        registerRegistryRoutes(a, registry, () => credentials);
        records.registerRoutes(a);
      },
    ],
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl,
    fhirBase: `${baseUrl}/fhir/R4`,
    records,
    metrics: () => metrics.metrics(),
    startWorker: start,
    close: async () => {
      await app.close();
      await worker?.stop();
    },
  };
}
