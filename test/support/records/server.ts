import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../shared/outbox.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { startRecordsServer, type RecordsServer } from './harness.ts';

export interface RecordsTestServer extends RecordsServer {
  readonly db: Db;
}

/** The records server (harness.ts) on a fresh database cloned from the test template. */
export async function startRecordsTestServer(
  options: { seed?: boolean; worker?: boolean; outbox?: Outbox; maxAttempts?: number } = {},
): Promise<RecordsTestServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-records-'));
  chmodSync(dataDir, 0o755);
  const server = await startRecordsServer({
    ...options,
    db: database.db,
    databaseUrl: database.url,
    dataDir,
    port: await freePort(),
  });
  return {
    ...server,
    db: database.db,
    close: async () => {
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { bearerCaller, facilityToken, sessionCaller, type Caller } from './testing-clients.ts';
