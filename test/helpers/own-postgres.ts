import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded.ts';
import { freePort } from './ports.ts';

export interface OwnPostgres {
  /** The application role's URL (salus_app), the same across restarts (same port, same password). */
  readonly url: string;
  /** The owner role's URL (salus_owner), for the migrations. */
  readonly ownerUrl: string;
  /** Fast shutdown, as an operator's restart: sessions get "the database system is shutting down". */
  stop(): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data. */
  destroy(): Promise<void>;
}

/**
 * An embedded PostgreSQL of the test's own, which it may stop and start: the shared test
 * cluster of test/global-setup.ts serves every other test file at the same time.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-own-pg-'));
  chmodSync(dataDir, 0o755); // mkdtemp makes it 0700; PostgreSQL runs as another user
  const port = await freePort();
  const boot = (): Promise<RunningPostgres> => startEmbeddedPostgres({ dataDir, port, log: () => undefined });
  let running: RunningPostgres | null = await boot();
  const { url, ownerUrl } = running;
  return {
    url,
    ownerUrl,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      running ??= await boot();
    },
    async destroy() {
      await running?.stop();
      running = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
