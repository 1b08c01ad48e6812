import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded.ts';
import { migrate, migrationsApplied } from './db/migrate.ts';
import { withDbRetry } from './db/retry.ts';
import { buildApp } from './http/app.ts';
import { startWorker } from './jobs/worker.ts';
import { createMetricsRegistry } from './http/metrics.ts';
import type { TypedApp } from './http/types.ts';
import type { RegisteredRoute } from './http/policy.ts';
import { registryRepository } from './registry/repository.ts';
import { registerRegistryRoutes } from './registry/routes.ts';
import { demoLogins, registryService, type DemoCredentials } from './registry/service.ts';
import { createIdentityModule } from './identity/index.ts';
import { peopleService } from './registry/people.ts';
import { registerPeopleRoutes } from './registry/people-routes.ts';
import { loadLombardy } from './registry/territory.ts';
import { createCampaignsModule } from './campaigns/index.ts';
import { createCertificatesModule } from './certificates/module.ts';
import { createSchedulingModule } from './scheduling/index.ts';
import { enqueueMessage } from './notify/outbox/enqueue.ts';
import type { Outbox } from './shared/outbox.ts';

export interface Platform {
  readonly app: TypedApp;
  readonly url: string;
  readonly db: Db;
  /** Every registered route with its declared policy (for the policy completeness test). */
  readonly routes: readonly RegisteredRoute[];
  /** Drains requests, stops workers, closes the pool and stops embedded PostgreSQL, in that order. */
  close(): Promise<void>;
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

/**
 * Composition root: the only place that knows every module. Config, database and
 * logger are created here and passed down explicitly; nothing is global.
 */
export async function startPlatform(config: Config, logger: FastifyBaseLogger): Promise<Platform> {
  const stack: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const step of stack.reverse()) await step().catch((error: unknown) => { logger.error({ err: error }, 'shutdown step failed'); });
  };
  try {
    let url = config.DATABASE_URL;
    if (url === undefined) {
      const embedded: RunningPostgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.SALUS_PG_PORT,
        log: (level, message) => { logger[level]({ component: 'postgres' }, message); },
      });
      stack.push(() => embedded.stop());
      url = embedded.url;
    }
    const db = createDb({ url, poolMax: config.DB_POOL_MAX, onError: (error) => { logger.warn({ err: error }, 'idle database connection lost'); } });
    stack.push(() => db.close());
    const applied = await withDbRetry(() => migrate(db.pool), { idempotent: true });
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const territory = loadLombardy();
    const registry = registryService({
      pool: db.pool,
      repo: registryRepository(db.kysely),
      territory,
      demo: config.SALUS_DEMO,
      today: () => new Date().toISOString().slice(0, 10),
    });
    if (config.SALUS_DEMO) {
      const seeded = await registry.seedDemoIfEmpty(config.SALUS_DEMO_CITIZENS, (done, total) => {
        logger.info(`demo seed: ${done}/${total} citizens`);
      });
      if (seeded) logger.info(seeded, 'demo data seeded');
    }

    const identity = createIdentityModule({
      config,
      db: db.kysely,
      pool: db.pool,
      demoFiscalCodes: () => Promise.resolve(demoLogins(territory)),
    });
    let demoCredentials: DemoCredentials | null = null;
    if (config.SALUS_DEMO) demoCredentials = await identity.seedDemoCredentials();
    const metrics = createMetricsRegistry(db.pool);
    const outbox: Outbox = {
      enqueue: async (trx, message) => {
        await enqueueMessage(trx, message);
      },
    };
    const campaigns = createCampaignsModule({
      db: db.kysely,
      pool: db.pool,
      registry: registryRepository(db.kysely),
      outbox,
      audit: identity.audit,
      metrics,
      dataDir: config.dataDir,
      publicUrl: config.publicUrl,
      codeTtlMinutes: config.ENROLLMENT_CODE_TTL_MINUTES,
      limits: { submitPerIp: config.RATE_LIMIT_SUBMIT_PER_IP, verifyPerIp: config.RATE_LIMIT_VERIFY_PER_IP },
    });
    if (config.SALUS_DEMO) await campaigns.seedDemo();
    const certificates = await createCertificatesModule({ db: db.kysely, config, logger });
    const scheduling = createSchedulingModule({ db: db.kysely, audit: identity.audit, outbox });
    if (config.SALUS_DEMO) {
      const hub = await registryRepository(db.kysely).facilityByCode('HUB-MI-001');
      await scheduling.seedDemo(territory, hub?.id ?? null);
    }
    const people = peopleService({ repo: registryRepository(db.kysely), access: identity.access, audit: identity.audit });

    const worker = await startWorker({ pool: db.pool, logger, tasks: { ...scheduling.tasks }, crontab: scheduling.crontab });
    stack.push(() => worker.stop());

    const { app, routes } = await buildApp({
      logger,
      metrics,
      webDist: WEB_DIST,
      health: {
        ready: async () => {
          try {
            return { database: true, migrations: await migrationsApplied(db.pool) };
          } catch {
            return { database: false, migrations: false };
          }
        },
      },
      modules: [
        // Identity first: its access-control hook guards every route registered after it.
        (a) => identity.registerRoutes(a),
        (a) => {
          registerRegistryRoutes(a, registry, () => demoCredentials);
          registerPeopleRoutes(a, people, registry);
          campaigns.registerRoutes(a);
          certificates.registerRoutes(a);
          scheduling.registerRoutes(a);
        },
      ],
    });
    stack.push(() => app.close());
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
    return { app, db, routes, url: `http://localhost:${port}`, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
