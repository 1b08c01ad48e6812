import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { startNotifyHarness, type MessageView, type NotifyHarness } from '../../../test/support/notify/dispatch.ts';

let h: NotifyHarness;
beforeAll(async () => {
  // One provider at 60 msg/s: the backlog lasts, and one session keeps answers in sending order.
  h = await startNotifyHarness({ rates: [60, 20], b: { outage: true } });
});
afterAll(async () => {
  await h.close();
});

const BACKLOG = 100_000;

describe('strict lane priority', () => {
  it('sends otp, then appointment, ahead of a 100,000-message bulk backlog', async () => {
    // The backlog, written directly: only the queue matters here, not its history.
    await sql`
      INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s)
      SELECT 'bulk:' || i, 'bulk', '+39340' || lpad(i::text, 7, '0'), 'Avviso campagna ' || i, 86400
      FROM generate_series(1, ${BACKLOG}) AS i`.execute(h.db);

    await h.startDispatcher({ bound: ['a'] });
    await vi.waitFor(
      async () => {
        expect((await submitted()).length).toBeGreaterThanOrEqual(40);
      },
      { timeout: 5_000 },
    );

    const burstAt = Date.now();
    for (let i = 0; i < 5; i += 1) {
      await enqueueMessage(h.db, {
        lane: 'otp',
        to: `+3933300000${i}0`,
        text: `Codice Salus: 10000${i}`,
        idempotencyKey: `otp:${i}`,
      });
    }
    for (let i = 0; i < 3; i += 1) {
      await enqueueMessage(h.db, {
        lane: 'appointment',
        to: `+3933300001${i}0`,
        text: `Appuntamento ${i}`,
        idempotencyKey: `appt:${i}`,
      });
    }
    await vi.waitFor(
      async () => {
        expect((await submitted()).filter((m) => m.lane !== 'bulk')).toHaveLength(8);
      },
      { timeout: 5_000, interval: 20 },
    );

    const after = (await submitted()).filter((m) => (m.submitted_at?.getTime() ?? 0) >= burstAt);
    const urgent = after.filter((m) => m.lane !== 'bulk');
    expect(urgent.map((m) => m.lane).sort()).toEqual([
      'appointment',
      'appointment',
      'appointment',
      'otp',
      'otp',
      'otp',
      'otp',
      'otp',
    ]);
    // otp before appointment: each claim takes the due rows by lane, then age (ADR 0022).
    const meanAt = (lane: string): number => {
      const of = urgent.filter((m) => m.lane === lane);
      return of.reduce((sum, m) => sum + (m.submitted_at?.getTime() ?? 0), 0) / of.length;
    };
    expect(meanAt('otp')).toBeLessThan(meanAt('appointment'));
    expect(urgent.at(-1)?.lane).toBe('appointment');
    // Once a dispatcher holds an urgent message it goes first: only bulk already in the SMPP
    // window (10) or being handed to it may still go before. Before that, the message waits
    // for the next claim (a poll interval at most): `npm run bench:timings` measures that
    // wait in this scenario, within 1 s.
    const at = (m: MessageView): number => m.submitted_at?.getTime() ?? 0;
    for (const m of urgent) {
      const claimedAt = m.claimed_at?.getTime() ?? 0;
      const overtaking = after.filter((b) => b.lane === 'bulk' && at(b) > claimedAt && at(b) < at(m));
      expect(overtaking.length).toBeLessThanOrEqual(10 + 2);
    }
    const queued = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM notify_messages WHERE status = 'queued'`.execute(h.db);
    expect(queued.rows[0]?.n).toBeGreaterThan(BACKLOG - 1_000);
    // The backlog stays in the outbox: the dispatcher holds only its claim-ahead (200 ms of
    // 60 msg/s: 12) and the SMPP window (10), plus outcomes its writer has not flushed yet.
    const held = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM notify_messages WHERE status = 'submitting'`.execute(h.db);
    expect(held.rows[0]?.n).toBeLessThanOrEqual(12 + 10 + 10);
  });
});

/**
 * Only the submitted rows: reading all 100,000 every 20 ms would block this process's event
 * loop, which the dispatcher and the simulators share, for a good part of each interval.
 */
async function submitted(): Promise<MessageView[]> {
  const result = await sql<MessageView>`
    SELECT id, lane, status, recipient, provider, provider_message_id, attempts, queued_at, claimed_at, submitted_at
    FROM notify_messages WHERE submitted_at IS NOT NULL ORDER BY submitted_at, id`.execute(h.db);
  return result.rows;
}
