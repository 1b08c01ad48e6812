import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigrations } from 'graphile-worker';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../../src/config.ts';
import type { Db } from '../../../src/db/database.ts';
import { createCdaValidator, createGatewayModule, type ForwardSink } from '../../../src/fse2/index.ts';
import { buildApp } from '../../../src/http/app.ts';
import { createMetricsRegistry } from '../../../src/http/metrics.ts';
import { createIdentityModule } from '../../../src/identity/index.ts';
import { enqueueMessage } from '../../../src/notify/outbox/enqueue.ts';
import { createRecordsModule, type RecordsModule } from '../../../src/records/index.ts';
import { registryRepository } from '../../../src/registry/repository.ts';
import { registerRegistryRoutes } from '../../../src/registry/routes.ts';
import { demoLogins, registryService } from '../../../src/registry/service.ts';
import { loadLombardy } from '../../../src/registry/territory.ts';
import { romeDay } from '../../../src/shared/rome-day.ts';
import { createTestDatabase, ownerQuery } from '../../helpers/db.ts';
import { freePort } from '../../helpers/ports.ts';

export interface GatewayTestServer {
  readonly baseUrl: string;
  readonly gatewayUrl: string;
  readonly db: Db;
  readonly records: RecordsModule;
  /** Puts a citizen with this fiscal code in the registry (the national samples' patients are not demo people). */
  addCitizen(fiscalCode: string): Promise<number>;
  /** Runs a statement as the schema's owner (a test's trigger); the server's own role cannot. */
  ownerQuery(statement: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Identity (client credentials), the registry, the records module and the national Gateway on a fresh database;
 * `forward`: the forwarding outbox the Gateway writes to (none otherwise).
 */
export async function startGatewayTestServer(options: { forward?: ForwardSink } = {}): Promise<GatewayTestServer> {
  const database = await createTestDatabase();
  const db = database.db;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-fse2-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATABASE_URL: database.url,
    SALUS_DATA_DIR: dataDir,
    SALUS_DEMO: 'true',
    SALUS_DEMO_CITIZENS: '5',
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
  await registry.seedDemoIfEmpty(5);
  const identity = createIdentityModule({
    config,
    db: db.kysely,
    pool: db.pool,
    demoFiscalCodes: () => Promise.resolve(demoLogins(territory)),
  });
  const credentials = await identity.seedDemoCredentials();
  const metrics = createMetricsRegistry(db.pool);
  const records = createRecordsModule({
    db: db.kysely,
    pool: db.pool,
    audit: identity.audit,
    outbox: {
      enqueue: async (trx, message) => {
        await enqueueMessage(trx, message);
      },
    },
    metrics,
    publicUrl: baseUrl,
  });
  await runMigrations({ pgPool: db.pool }); // publication enqueues processing jobs even with no worker running
  const gateway = createGatewayModule({
    db: db.kysely,
    records: records.national,
    validator: () => createCdaValidator(),
    publicUrl: baseUrl,
    ...(options.forward ? { forward: options.forward } : {}),
  });
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
      (a) => gateway.registerRoutes(a),
    ],
  });
  await app.listen({ port, host: '127.0.0.1' });
  let health = 0;
  return {
    ownerQuery: (statement) => ownerQuery(database, statement),
    baseUrl,
    gatewayUrl: `${baseUrl}/fse2/v1`,
    db,
    records,
    async addCitizen(fiscalCode) {
      health += 1;
      const row = await sql<{ id: number }>`
        INSERT INTO citizens (fiscal_code, health_card_number, given_name, family_name, sex, birth_date,
                              birth_place_code, residence_istat)
        SELECT ${fiscalCode}, ${`8038000${String(health).padStart(13, '0')}`}, 'Prova', 'Nazionale', 'F',
               DATE '1980-01-01', 'F205', istat_code
        FROM municipalities ORDER BY istat_code LIMIT 1
        ON CONFLICT (fiscal_code) DO UPDATE SET fiscal_code = EXCLUDED.fiscal_code
        RETURNING id`.execute(db.kysely);
      return Number(row.rows[0]?.id);
    },
    async close() {
      await app.close();
      await gateway.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
