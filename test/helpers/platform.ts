import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startPlatform } from '../../src/platform.ts';
import { createTestDatabase } from './db.ts';

export interface TestPlatform {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real server (API, worker, built web app if present) on a free port, against a
 * fresh database of its own, with the demo seed of `demoCitizens` people.
 */
export async function startTestPlatform(options: { demoCitizens?: number } = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    SALUS_DEMO: 'true',
    SALUS_DEMO_CITIZENS: String(options.demoCitizens ?? 500),
    LOG_LEVEL: 'silent',
  });
  const platform = await startPlatform(config, pino({ level: 'silent' }));
  return {
    baseUrl: platform.url.replace('localhost', '127.0.0.1'),
    close: async () => {
      await platform.close();
      await database.drop();
    },
  };
}
