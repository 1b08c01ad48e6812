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

  it('lets two dispatchers claim from the same table: every message is claimed once and sent once', async () => {
    h = await startNotifyHarness();
    // A slow answer keeps claims open on both sides while the other claims (SKIP LOCKED).
    h.sims.a.control.update({ submitResponseDelayMs: 50 });
    h.sims.b.control.update({ submitResponseDelayMs: 50 });
    const [first, second] = [await h.startDispatcher(), await h.startDispatcher()];
    const phones: string[] = [];
    for (let i = 10; i < 70; i += 1) phones.push(await otp(i));
    const rows = await h.settle(15_000);
    expect(rows.map((m) => [m.recipient, m.status, m.attempts])).toEqual(phones.map((to) => [to, 'delivered', 1]));
    const received = receivedPerPhone(h.sims);
    expect(phones.filter((to) => received.get(to) !== 1)).toEqual([]);
    expect(h.sims.a.control.stats().submitted + h.sims.b.control.stats().submitted).toBe(phones.length);
    const claimedBy = await sql<{ claimed_by: string; n: number }>`
      SELECT claimed_by, count(*)::int AS n FROM notify_messages GROUP BY claimed_by`.execute(h.db);
    expect(claimedBy.rows.every((r) => [first.id, second.id].includes(r.claimed_by))).toBe(true);
    const submittedTwice = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT message_id FROM notify_events WHERE kind = 'submitted'
      GROUP BY message_id HAVING count(*) > 1) t`.execute(h.db);
    expect(submittedTwice.rows[0]?.n).toBe(0);
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
