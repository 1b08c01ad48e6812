import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ownerQuery, type TestDatabase } from '../../test/helpers/db.ts';
import { startWorker } from '../jobs/worker.ts';
import { APP_ROLE, checkRole } from './roles.ts';

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
    ['replica mode, which skips triggers', ['SET LOCAL session_replication_role = replica', 'DELETE FROM audit_events']],
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
      tasks: { roles_probe: (payload) => { done.push(payload); } },
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
