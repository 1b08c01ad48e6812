import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../test/helpers/db-url.ts';
import { createTestDatabase, ownerQuery, type TestDatabase } from '../../test/helpers/db.ts';
import { startWorker } from '../jobs/worker.ts';
import { APP_ROLE, checkRole, OWNER_ROLE, prepareDatabase } from './roles.ts';

// The test database connects as Salus does: as the application's role (test/helpers/db.ts).
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.pool.query(
    `INSERT INTO audit_events (actor_kind, actor_id, actor_role, actor_name, action, resource_type, purpose, outcome)
     VALUES ('system', 'roles-test', 'system', 'roles test', 'read', 'Probe', 'evidence', 'success')`,
  );
});
afterAll(async () => {
  await database.drop();
});

const count = async (table: string): Promise<number> =>
  (await database.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? -1;

/** Runs statements in one transaction on a connection of their own, rolling back whatever happens. */
async function attempt(...statements: string[]): Promise<void> {
  const client = await database.db.pool.connect();
  try {
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe("the application's database role", () => {
  it('is not a superuser and owns no table, view or sequence', async () => {
    expect(await checkRole(database.db.pool)).toEqual({ role: APP_ROLE, superuser: false, owns: 0 });
  });

  it.each([
    [
      'replica mode, which skips triggers',
      ['SET LOCAL session_replication_role = replica', 'DELETE FROM audit_events'],
    ],
    ['disabling the triggers', ['ALTER TABLE audit_events DISABLE TRIGGER ALL', 'DELETE FROM audit_events']],
    ['dropping a trigger', ['DROP TRIGGER audit_events_no_update_delete ON audit_events', 'DELETE FROM audit_events']],
    ['UPDATE', [`UPDATE audit_events SET purpose = 'rewritten'`]],
    ['DELETE', ['DELETE FROM audit_events']],
    ['TRUNCATE', ['TRUNCATE audit_events']],
    ['taking the table over', [`ALTER TABLE audit_events OWNER TO ${APP_ROLE}`]],
    ['dropping the audit log', ['DROP TABLE audit_events']],
    ['dropping another table', ['DROP TABLE citizens CASCADE']],
    ['rewriting the SMS history', [`UPDATE notify_events SET detail = 'x'`]],
    ['deleting the SMS history', ['DELETE FROM notify_events']],
    ['creating a table', ['CREATE TABLE shadow_audit (id int)']],
    ['forging the migration record', [`DELETE FROM schema_migrations WHERE version = 14`]],
  ])('refuses %s, and the audit log keeps every row', async (_how, statements) => {
    const before = await count('audit_events');
    expect(before).toBeGreaterThan(0);
    await expect(attempt(...statements)).rejects.toMatchObject({ code: '42501' });
    expect(await count('audit_events')).toBe(before);
  });

  it('appends to the audit log and reads it', async () => {
    const before = await count('audit_events');
    await database.db.pool.query(
      `INSERT INTO audit_events (actor_kind, actor_id, actor_role, actor_name, action, resource_type, purpose, outcome)
       VALUES ('system', 'roles-test', 'system', 'roles test', 'search', 'Probe', 'evidence', 'success')`,
    );
    expect(await count('audit_events')).toBe(before + 1);
  });

  it('gets rows, and nothing more, on a table a later migration creates', async () => {
    await ownerQuery(database, 'CREATE TABLE probe_later (id bigserial PRIMARY KEY, v text NOT NULL)');
    const db = database.db.kysely;
    await sql`INSERT INTO probe_later (v) VALUES ('a'), ('b')`.execute(db);
    await sql`UPDATE probe_later SET v = 'c' WHERE v = 'a'`.execute(db);
    await sql`DELETE FROM probe_later WHERE v = 'b'`.execute(db);
    expect((await sql<{ v: string }>`SELECT v FROM probe_later`.execute(db)).rows).toEqual([{ v: 'c' }]);
    await expect(attempt('TRUNCATE probe_later')).rejects.toMatchObject({ code: '42501' });
    expect(await checkRole(database.db.pool)).toMatchObject({ owns: 0 });
  });

  it("runs graphile-worker jobs on the owner's schema", async () => {
    const done: unknown[] = [];
    const worker = await startWorker({
      pool: database.db.pool,
      logger: pino({ level: 'silent' }),
      tasks: {
        roles_probe: (payload) => {
          done.push(payload);
        },
      },
    });
    try {
      await sql`SELECT graphile_worker.add_job('roles_probe', json_build_object('n', 1))`.execute(database.db.kysely);
      const deadline = Date.now() + 20_000;
      while (done.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(done).toEqual([{ n: 1 }]);
    } finally {
      await worker.stop();
    }
  });
});

describe('a database made before the roles were split', () => {
  it('is handed to the owner role whole: schemas, tables, sequences, views, functions and types', async () => {
    const adminUrl = inject('adminUrl');
    const name = `salus_legacy_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const legacy = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
    try {
      await legacy.connect();
      // As the embedded database's superuser made them until issue 16.
      await legacy.query(`CREATE SCHEMA graphile_worker;
        CREATE TABLE graphile_worker.jobs (id bigserial PRIMARY KEY);
        CREATE TABLE kept (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial);
        CREATE SEQUENCE loose_seq; CREATE VIEW kept_view AS SELECT id FROM kept;
        CREATE FUNCTION kept_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
        CREATE TYPE kept_state AS ENUM ('a'); CREATE DOMAIN kept_code AS text;`);
      await prepareDatabase(adminUrl, name);
      const { rows } = await legacy.query<{ owner: string; n: number }>(
        `SELECT owner, count(*)::int AS n FROM (
           SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname IN ('public', 'graphile_worker')
           UNION ALL SELECT relowner::regrole::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('public', 'graphile_worker')
           UNION ALL SELECT proowner::regrole::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname IN ('public', 'graphile_worker')
           UNION ALL SELECT typowner::regrole::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname IN ('public', 'graphile_worker')
           UNION ALL SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database()) o
           GROUP BY owner`,
      );
      expect(rows).toEqual([{ owner: OWNER_ROLE, n: expect.any(Number) as number }]);
    } finally {
      await legacy.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
