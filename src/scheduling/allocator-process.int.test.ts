import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { allocatorJobs, ALLOCATE_CRONTAB, createSchedulingModule } from './index.ts';

// Issue 21 (ADR 0023): with ALLOCATOR=separate the API servers only request allocation runs; `npm run allocator`,
// a process of its own at the lowest priority, runs them.
const repo = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const stub = {
  campaigns: { withdraw: () => Promise.resolve(), enrollForDemo: () => Promise.reject(new Error('unused')) },
  audit: { record: () => Promise.resolve() },
  outbox: { enqueue: () => Promise.resolve() },
};

describe('where the allocator runs', () => {
  it('leaves allocation out of a server configured with a separate allocator, and keeps it in one without', () => {
    const module = (allocatorHere: boolean) =>
      createSchedulingModule({
        db: database.db.kysely,
        pool: database.db.pool,
        allocatorHere,
        ...(stub as unknown as Pick<Parameters<typeof createSchedulingModule>[0], 'campaigns' | 'audit' | 'outbox'>),
      });
    const separate = module(false);
    expect(Object.keys(separate.tasks)).not.toContain('scheduling_allocate');
    expect(separate.crontab).not.toContain('scheduling_allocate');
    expect(Object.keys(separate.tasks)).toEqual(expect.arrayContaining(['scheduling_notify', 'scheduling_reminders']));
    const inProcess = module(true);
    expect(Object.keys(inProcess.tasks)).toContain('scheduling_allocate');
    expect(inProcess.crontab).toContain(ALLOCATE_CRONTAB.trim());
    expect(
      Object.keys(allocatorJobs({ db: database.db.kysely, pool: database.db.pool, now: () => new Date() }).tasks),
    ).toEqual(['scheduling_allocate']);
  });

  it('runs the requested allocations in `npm run allocator`, at nice 19', async () => {
    let output = '';
    const child = spawn(path.join(repo, 'node_modules/.bin/node'), ['src/allocator-main.ts'], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', DATABASE_URL: database.url, ALLOCATOR: 'separate' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await vi.waitFor(
        () => {
          if (!output.includes('allocator running')) throw new Error(`not running yet:\n${output}`);
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(getPriority(child.pid ?? 0)).toBe(19);
      // A server's request for a run (no delay), as after an enrollment.
      await sql`SELECT graphile_worker.add_job('scheduling_allocate', '{}'::json,
        job_key => 'scheduling_allocate')`.execute(database.db.kysely);
      await vi.waitFor(
        async () => {
          const { rows } = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM graphile_worker.jobs
            WHERE task_identifier = 'scheduling_allocate'`.execute(database.db.kysely);
          // Done jobs are deleted; a failed one would stay, with its error, for a retry.
          if (rows[0]?.n !== 0) throw new Error('the allocation job is still there');
        },
        { timeout: 30_000, interval: 200 },
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
