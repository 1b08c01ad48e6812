import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDebianPostgres, type DebianPostgres } from '../../test/helpers/debian-postgres.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { DomainError } from '../shared/errors.ts';
import { createDb, type Db } from './database.ts';
import { COMMIT_NOT_REPLICATED, isNotAcknowledged, withDbRetry } from './retry.ts';

// A server whose synchronous standby never answers: every commit waits, and cancelling
// that wait makes COMMIT return "successfully" with only a WARNING. Debian's 15, the
// production version, in a server of its own (the setting is server-wide).
const dir = mkdtempSync(path.join(tmpdir(), 'salus-synccommit-'));
let server: DebianPostgres;
let admin: pg.Client;
let db: Db;

async function setStandby(names: string): Promise<void> {
  await admin.query(`ALTER SYSTEM SET synchronous_standby_names = '${names}'`);
  await admin.query('SELECT pg_reload_conf()');
  // The reload is asynchronous: wait until new sessions see it.
  for (let i = 0; i < 50; i++) {
    const probe = new pg.Client({ connectionString: server.url });
    await probe.connect();
    const { rows } = await probe.query<{ s: string }>("SELECT current_setting('synchronous_standby_names') AS s");
    await probe.end();
    if (rows[0]?.s === names) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('synchronous_standby_names did not change');
}

/** Cancels every backend waiting for the synchronous standby, once one is waiting. */
async function cancelSyncRepWait(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rowCount } = await admin.query(
      "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event = 'SyncRep'",
    );
    if ((rowCount ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no backend waited for synchronous replication');
}

const count = async (id: number): Promise<number> =>
  Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM t WHERE id = $1', [id])).rows[0]?.n);

beforeAll(async () => {
  server = await startDebianPostgres(dir, await freePort());
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET lc_messages = 'C'");
  await admin.query('CREATE TABLE t (id int PRIMARY KEY)');
  db = createDb({ url: server.url, poolMax: 2 });
  await setStandby('ghost_standby');
}, 60_000);

afterAll(async () => {
  await db.close();
  await admin.end();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a commit whose synchronous replication wait was cancelled', () => {
  it('fails a Kysely transaction although the row is committed locally', async () => {
    const pending = db.kysely.transaction().execute((trx) => sql`INSERT INTO t VALUES (1)`.execute(trx));
    const outcome = pending.then(
      () => null,
      (error: unknown) => error,
    );
    await cancelSyncRepWait();
    const error = await outcome;
    expect(error).toMatchObject({ code: COMMIT_NOT_REPLICATED });
    expect(isNotAcknowledged(error)).toBe(true);
    // Exactly why it must not count as acknowledged: visible here, absent on the standby.
    expect(await count(1)).toBe(1);
  });

  it('fails an autocommit pool.query, and a write through withDbRetry answers 503', async () => {
    const attempt = withDbRetry(() => db.pool.query('INSERT INTO t VALUES (2)'), { idempotent: false });
    const outcome = attempt.then(
      () => null,
      (error: unknown) => error,
    );
    await cancelSyncRepWait();
    const error = await outcome;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 2 });
  });

  it('leaves other warnings and later statements alone', async () => {
    await setStandby('');
    await expect(db.pool.query("DO $$ BEGIN RAISE WARNING 'unrelated'; END $$")).resolves.toBeDefined();
    await db.kysely.transaction().execute((trx) => sql`INSERT INTO t VALUES (3)`.execute(trx));
    expect(await count(3)).toBe(1);
  });
});
