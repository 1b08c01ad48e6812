import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { freePort } from '../../test/helpers/ports.ts';

export interface BenchDatabase {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A fresh database for one benchmark run: on BENCH_DATABASE_URL's server if set,
 * else on an embedded PostgreSQL in a temporary folder that is removed afterwards.
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let dataDir: string | null = null;
  let stop = (): Promise<void> => Promise.resolve();
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    dataDir = mkdtempSync(path.join(tmpdir(), `salus-bench-${name}-`));
    chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), log: () => undefined });
    adminUrl = embedded.adminUrl; // creates and drops databases: the app role (embedded.url) may not
    stop = () => embedded.stop();
  }
  const database = `bench_${name.replace(/\W/g, '_')}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    close: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
      await stop();
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
