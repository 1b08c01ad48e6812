import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import type { RegisteredRoute } from '../../src/http/policy.ts';
import type { ComposedModules, ComposeOptions } from '../../src/modules.ts';
import { startPlatform } from '../../src/platform.ts';
import { createTestDatabase } from './db.ts';
import { freePort } from './ports.ts';

export interface TestPlatform {
  readonly baseUrl: string;
  readonly db: Db;
  /** The database, to start a second instance on it (`databaseUrl`, `databaseOwnerUrl`). */
  readonly databaseUrl: string;
  readonly databaseOwnerUrl: string;
  /** The data folder (keys), to share it with a second instance (`dataDir`). */
  readonly dataDir: string;
  readonly routes: readonly RegisteredRoute[];
  readonly modules: ComposedModules;
  /** The Prometheus exposition, as /metrics serves it. */
  metrics(): Promise<string>;
  /** Starts the job worker, when `worker: false` held it back. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server (API, identity provider, worker, built web app if present) on a
 * free port, against a fresh database and data folder of its own, with the demo
 * seed of `demoCitizens` people. The port is chosen first because the identity
 * provider's issuer URL contains it.
 */
export async function startTestPlatform(
  options: {
    demoCitizens?: number;
    env?: Record<string, string>;
    /** Another instance's database: this one joins it (several API processes on one database). Not dropped at close. */
    databaseUrl?: string;
    /** That database as its owner role (each instance migrates at start, as Salus does). */
    databaseOwnerUrl?: string;
    /** Another instance's data folder, for the same keys. Not removed at close. */
    dataDir?: string;
    /** Where the server logs (to read what it writes); silent by default. */
    logger?: FastifyBaseLogger;
    /** Which modules (src/modules.ts composes them either way). */
    modules?: ComposeOptions;
    /** false: the job worker starts only on `startWorker()`. */
    worker?: boolean;
  } = {},
): Promise<TestPlatform> {
  const database = options.databaseUrl === undefined ? await createTestDatabase() : null;
  const databaseUrl = options.databaseUrl ?? database?.url ?? '';
  const ownerUrl = options.databaseOwnerUrl ?? database?.ownerUrl ?? databaseUrl;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'salus-platform-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    DATABASE_OWNER_URL: ownerUrl,
    SALUS_DATA_DIR: dataDir,
    SALUS_DEMO: 'true',
    SALUS_DEMO_CITIZENS: String(options.demoCitizens ?? 500),
    // Tests count enrollments and appointments from zero; demo-today.int.test.ts turns them on.
    SALUS_DEMO_TODAY: '0',
    // Tests count documents and results from zero and load no CDA2 engine at start; lab-demo's tests turn it on.
    SALUS_DEMO_LAB_REPORTS: 'false',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const platform = await startPlatform(
    config,
    options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    {
      ...(options.modules ? { modules: options.modules } : {}),
      ...(options.worker === false ? { worker: false } : {}),
    },
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db: platform.db,
    databaseUrl,
    databaseOwnerUrl: ownerUrl,
    dataDir,
    routes: platform.routes,
    modules: platform.modules,
    metrics: () => platform.metrics.metrics(),
    startWorker: () => platform.startWorker(),
    close: async () => {
      await platform.close();
      await database?.drop();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
