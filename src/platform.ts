import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded.ts';
import { migrateAs, migrationsApplied } from './db/migrate.ts';
import { checkRole } from './db/roles.ts';
import { withDbRetry } from './db/retry.ts';
import { buildApp } from './http/app.ts';
import { createMetricsRegistry } from './http/metrics.ts';
import type { RegisteredRoute } from './http/policy.ts';
import type { TypedApp } from './http/types.ts';
import { startSupervisedWorker } from './jobs/worker.ts';
import { composeModules, type ComposedModules, type ComposeOptions } from './modules.ts';
import { loadLombardy } from './registry/index.ts';
import { Supervision } from './shared/supervisor.ts';
import type { Registry } from 'prom-client';

export interface Platform {
  readonly app: TypedApp;
  readonly url: string;
  readonly db: Db;
  /** Every registered route with its declared policy (for the policy completeness test). */
  readonly routes: readonly RegisteredRoute[];
  readonly modules: ComposedModules;
  readonly metrics: Registry;
  /** Starts the job worker now, if `worker: false` kept it from starting with the platform. */
  startWorker(): Promise<void>;
  /** Drains requests, stops workers, closes the pool and stops embedded PostgreSQL, in that order. */
  close(): Promise<void>;
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

/**
 * Composition root: the only place that knows every module. Config, database and
 * logger are created here and passed down explicitly; nothing is global.
 */
export async function startPlatform(
  config: Config,
  logger: FastifyBaseLogger,
  /** Tests and benchmarks only: which modules, and the worker held back (bench/fse times processing apart). */
  options: { modules?: ComposeOptions; worker?: boolean } = {},
): Promise<Platform> {
  const stack: (() => Promise<void>)[] = [];
  // A step that never ends (a socket a peer keeps open, a job that does not return) must
  // not keep the rest from stopping, PostgreSQL above all: each gets a bounded time.
  const stepMs = Math.max(20_000, 2 * config.SHUTDOWN_GRACE_MS);
  const closeAll = async (): Promise<void> => {
    for (const step of stack.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const overrun = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.error({ step: step.name, ms: stepMs }, 'shutdown step did not finish in time; going on');
          resolve();
        }, stepMs);
      });
      await Promise.race([
        step().catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown step failed');
        }),
        overrun,
      ]);
      clearTimeout(timer);
    }
  };
  try {
    let url = config.DATABASE_URL;
    // Without DATABASE_OWNER_URL one role does both (as before issue 16; a warning below).
    let ownerUrl = config.DATABASE_OWNER_URL ?? url;
    if (url === undefined) {
      const embedded: RunningPostgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.SALUS_PG_PORT,
        log: (level, message) => {
          logger[level]({ component: 'postgres' }, message);
        },
      });
      stack.push(function stopPostgres() {
        return embedded.stop();
      });
      url = embedded.url;
      ownerUrl = embedded.ownerUrl;
    }
    const db = createDb({
      url,
      poolMax: config.DB_POOL_MAX,
      onError: (error) => {
        logger.warn({ err: error }, 'idle database connection lost');
      },
    });
    stack.push(function closePool() {
      return db.close();
    });
    const applied = await withDbRetry(() => migrateAs(ownerUrl ?? url), { idempotent: true });
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const role = await withDbRetry(() => checkRole(db.pool), { idempotent: true });
    if (role.superuser || role.owns > 0) {
      logger.warn(
        role,
        'the application connects as a superuser or table owner, which can rewrite the audit log: ' +
          'set DATABASE_URL to the salus_app role and DATABASE_OWNER_URL to the owner (README, "Database roles")',
      );
    }

    const metrics = createMetricsRegistry(db.pool);
    const supervision = new Supervision({ log: logger.child({ component: 'supervisor' }), registry: metrics });
    const modules = await composeModules({
      config,
      db,
      logger,
      metrics,
      territory: loadLombardy(),
      supervision,
      ...(options.modules ? { options: options.modules } : {}),
    });
    let workerStarted = false;
    const startWorker = async (): Promise<void> => {
      if (workerStarted) return;
      workerStarted = true;
      const worker = await startSupervisedWorker(
        { pool: db.pool, logger, tasks: modules.tasks, crontab: modules.crontab },
        supervision,
      );
      stack.push(function stopWorker() {
        return worker.stop();
      });
    };
    if (options.worker !== false) await startWorker();
    await modules.start();
    stack.push(function stopModules() {
      return modules.stop();
    });

    const { app, routes } = await buildApp({
      logger,
      metrics,
      webDist: WEB_DIST,
      publicUrl: config.publicUrl,
      health: {
        ready: async () => {
          try {
            return { database: true, migrations: await migrationsApplied(db.pool) };
          } catch {
            return { database: false, migrations: false };
          }
        },
        workers: () => supervision.statuses(),
      },
      modules: modules.routes,
      trustedProxies: config.trustedProxies,
    });
    stack.push(function closeHttp() {
      return app.close();
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
    logger.info({ host: config.HOST, port }, `listening on ${config.HOST}:${port} (${config.hostReason})`);
    if (config.publicUrl.startsWith('https://') && config.trustedProxies.length === 0) {
      // Node serves plain http here, so https means a proxy in front whose X-Forwarded-Proto nobody believes.
      logger.warn('PUBLIC_URL is https but TRUST_PROXY is unset: set it to the TLS-terminating proxy');
    }
    return { app, db, routes, modules, metrics, startWorker, url: `http://localhost:${port}`, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
