import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, ownerQuery, type TestDatabase } from '../../../test/helpers/db.ts';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { silentLogger } from '../smpp/logger.ts';
import { relayRepository } from './relay-repository.ts';
import { JobRelay } from './relay.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  // Emptying the append-only history is the owner's (the application's role may only append).
  await ownerQuery(database, 'TRUNCATE notify_messages, notify_events CASCADE');
  await sql`DELETE FROM graphile_worker._private_jobs`.execute(database.db.kysely);
});

interface JobRow {
  readonly id: number;
  readonly priority: number;
}
async function jobs(): Promise<JobRow[]> {
  const result = await sql<JobRow>`
    SELECT (j.payload->>'id')::int AS id, j.priority FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'notify_send' ORDER BY j.id`.execute(
    database.db.kysely,
  );
  return result.rows;
}

async function queue(lane: 'otp' | 'bulk', count: number, from = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = from; i < from + count; i += 1) {
    const phone = `+39340${String(i).padStart(7, '0')}`;
    ids.push(
      (
        await enqueueMessage(database.db.kysely, {
          lane,
          to: phone,
          text: `${lane} ${String(i)}`,
          idempotencyKey: `${lane}:${String(i)}`,
        })
      ).id,
    );
  }
  return ids;
}

describe('the relay from outbox rows to graphile-worker jobs', () => {
  it('leaves the business transaction alone: queuing a message adds no job; the relay adds one, once', async () => {
    const [id] = await queue('otp', 1);
    expect(await jobs()).toEqual([]);
    const repo = relayRepository(database.db.kysely);
    expect(await repo.addJobs({ priorities: [0, 3], window: 10, batch: 10 })).toBe(1);
    expect(await jobs()).toEqual([{ id, priority: 0 }]);
    // Already has its job: relaying again adds nothing.
    expect(await repo.addJobs({ priorities: [0], window: 10, batch: 10 })).toBe(0);
    expect(await jobs()).toHaveLength(1);
  });

  it('keeps at most a window of jobs waiting per lane, so otp always has room ahead of a bulk backlog', async () => {
    const bulk = await queue('bulk', 30);
    const relay = new JobRelay({
      repo: relayRepository(database.db.kysely),
      logger: silentLogger,
      priorities: [0, 1, 2, 3],
      window: 8,
      batch: 3,
      intervalMs: 10,
      staleMs: 60_000,
    });
    relay.start();
    try {
      await vi.waitFor(async () => {
        expect(await jobs()).toHaveLength(8);
      });
      const otp = await queue('otp', 5, 100);
      await vi.waitFor(async () => {
        expect((await jobs()).filter((j) => j.priority === 0)).toHaveLength(5);
      });
      const all = await jobs();
      // Bulk stays at its window (the oldest first); every otp got its job despite it.
      expect(all.filter((j) => j.priority === 3).map((j) => j.id)).toEqual(bulk.slice(0, 8));
      expect(
        all
          .filter((j) => j.priority === 0)
          .map((j) => j.id)
          .sort((a, b) => a - b),
      ).toEqual(otp);
      // A message no longer queued (claimed) frees its lane's room for the next one.
      await sql`UPDATE notify_messages SET status = 'submitting', claimed_by = gen_random_uuid(),
        lease_until = now() + interval '1 minute' WHERE id = ${bulk[0] ?? 0}`.execute(database.db.kysely);
      await vi.waitFor(async () => {
        expect((await jobs()).map((j) => j.id)).toContain(bulk[8]);
      });
    } finally {
      await relay.stop();
    }
  });

  it('relays only due messages, and gives a new job to one whose job never claimed it', async () => {
    const [later] = await queue('bulk', 1);
    await sql`UPDATE notify_messages SET not_before = now() + interval '1 hour' WHERE id = ${later ?? 0}`.execute(
      database.db.kysely,
    );
    const [stuck] = await queue('otp', 1, 1);
    const repo = relayRepository(database.db.kysely);
    expect(await repo.addJobs({ priorities: [0, 3], window: 5, batch: 5 })).toBe(1);
    // Its job is gone without claiming it (as when a job's end could not be recorded).
    await sql`DELETE FROM graphile_worker._private_jobs`.execute(database.db.kysely);
    expect(await repo.forgetStaleJobs(60_000)).toBe(0);
    await sql`UPDATE notify_messages SET job_added_at = now() - interval '2 minutes' WHERE id = ${stuck ?? 0}`.execute(
      database.db.kysely,
    );
    expect(await repo.forgetStaleJobs(60_000)).toBe(1);
    expect(await repo.addJobs({ priorities: [0, 3], window: 5, batch: 5 })).toBe(1);
    expect(await jobs()).toEqual([{ id: stuck, priority: 0 }]);
  });
});
