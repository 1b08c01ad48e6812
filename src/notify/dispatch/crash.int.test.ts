import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { receivedPerPhone, startNotifyHarness, type NotifyHarness } from '../../../test/support/notify/dispatch.ts';

let h: NotifyHarness;
let child: ChildProcess | null = null;
afterEach(async () => {
  if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await h.close();
});

async function history(id: number): Promise<{ kind: string; detail: string | null; at: Date }[]> {
  return (
    await sql<{ kind: string; detail: string | null; at: Date }>`
    SELECT kind, detail, at FROM notify_events WHERE message_id = ${id} ORDER BY id`.execute(h.db)
  ).rows;
}

async function otp(i: number): Promise<string> {
  const to = `+3933355500${String(i).padStart(2, '0')}`;
  await enqueueMessage(h.db, {
    lane: 'otp',
    to,
    text: `Codice Salus: ${String(100_000 + i)}`,
    idempotencyKey: `crash:${i}`,
  });
  return to;
}

describe('no duplicates across a dispatcher crash', () => {
  it('resolves submits whose dispatcher was killed before the answer by receipts, never resending them', async () => {
    // Provider A takes each submit at once and holds the answer for a minute: the kill lands in between.
    h = await startNotifyHarness({ a: { submitResponseDelayMs: 60_000 } });
    child = spawn(process.execPath, [path.join(import.meta.dirname, '../../../test/support/notify/crash-child.ts')], {
      env: {
        ...process.env,
        CRASH_DATABASE_URL: h.database.url,
        CRASH_A_PORT: String(h.sims.a.port),
        CRASH_B_PORT: String(h.sims.b.port),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout ?? child, 'data')) as [Buffer];
    expect(line.toString()).toBe('bound\n');

    const inFlight = [await otp(1), await otp(2), await otp(3)];
    await vi.waitFor(
      () => {
        expect(h.sims.a.control.stats().submitted).toBe(3);
      },
      { timeout: 5_000 },
    );
    expect((await h.messages()).map((m) => m.status)).toEqual(['submitting', 'submitting', 'submitting']);
    child.kill('SIGKILL');
    await once(child, 'exit');

    h.sims.a.control.update({ submitResponseDelayMs: 0 });
    const later = [await otp(4), await otp(5)];
    await h.startDispatcher();
    const rows = await h.settle(10_000);

    expect(rows.map((m) => [m.recipient, m.status, m.attempts])).toEqual(
      [...inFlight, ...later].map((to) => [to, 'delivered', 1]),
    );
    const phones = receivedPerPhone(h.sims);
    expect([...inFlight, ...later].map((to) => phones.get(to))).toEqual([1, 1, 1, 1, 1]);
    expect(h.sims.a.control.stats().submitted + h.sims.b.control.stats().submitted).toBe(5);
    const crashed = await history(rows[0]?.id ?? 0);
    expect(crashed.map((e) => e.kind)).toEqual(['queued', 'outcome_unknown', 'submitted', 'delivered']);
    expect(crashed[2]?.detail).toMatch(/learned from its delivery receipt/);
  });

  it('heartbeats the worker pool that locks its jobs, so that others can unlock them if it dies', async () => {
    // A slow answer keeps the job running (and locked) while we look.
    h = await startNotifyHarness({ a: { submitResponseDelayMs: 2_000 } });
    await h.startDispatcher();
    await otp(8);
    await vi.waitFor(
      async () => {
        const locked = await sql<{
          locked_by: string;
        }>`SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`.execute(h.db);
        const alive = await sql<{ worker_pool_id: string }>`SELECT worker_pool_id FROM notify_dispatchers`.execute(
          h.db,
        );
        expect(locked.rows.map((r) => r.locked_by)).toHaveLength(1);
        expect(alive.rows.map((r) => r.worker_pool_id)).toEqual(locked.rows.map((r) => r.locked_by));
      },
      { timeout: 5_000, interval: 50 },
    );
    await h.settle(10_000);
  });

  it('sends at once a message whose job a killed dispatcher had taken before claiming it', async () => {
    h = await startNotifyHarness();
    const to = await otp(7);
    // What a dispatcher killed between graphile-worker handing it the job and the claim
    // leaves behind: the job locked by its worker pool (graphile-worker itself would wait
    // 4 hours), and a heartbeat that stopped.
    await sql`UPDATE graphile_worker._private_jobs SET locked_by = 'pool-of-the-dead', locked_at = now()`.execute(h.db);
    await sql`INSERT INTO notify_dispatchers (id, worker_pool_id, seen_at) VALUES ('dead', 'pool-of-the-dead',
      now() - interval '1 minute')`.execute(h.db);
    await h.startDispatcher();
    const [row] = await h.settle(10_000);
    expect(row).toMatchObject({ recipient: to, status: 'delivered', attempts: 1 });
    expect(receivedPerPhone(h.sims).get(to)).toBe(1);
    const dispatchers = await sql<{ id: string }>`SELECT id FROM notify_dispatchers`.execute(h.db);
    expect(dispatchers.rows.map((d) => d.id)).not.toContain('dead');
  });

  it('sends a claim lost before any submit again, but only once its validity period has passed', async () => {
    h = await startNotifyHarness();
    // What a dispatcher killed between recording its intent and sending leaves behind.
    const to = '+393335550099';
    const lost = await sql<{ id: number }>`
      INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s, status, attempts, claimed_by,
        claimed_at, lease_until)
      VALUES ('lost:1', 'otp', ${to}, 'Codice Salus: 999999', 1, 'submitting', 1, gen_random_uuid(),
        now() - interval '2 s', now() - interval '1 s')
      RETURNING id`.execute(h.db);
    const id = lost.rows[0]?.id ?? 0;
    await h.startDispatcher();
    const [row] = await h.settle(10_000);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receivedPerPhone(h.sims).get(to)).toBe(1);
    const events = await history(id);
    expect(events.map((e) => e.kind)).toEqual(['outcome_unknown', 'requeued', 'submitted', 'delivered']);
    // Not before validity (1 s) + grace (0.3 s): until then an SMSC could still have delivered it.
    const [unknown, requeued] = [events[0]?.at.getTime() ?? 0, events[1]?.at.getTime() ?? 0];
    expect(requeued - unknown).toBeGreaterThanOrEqual(1_300);
  });
});
