import { sql } from 'kysely';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createDispatcher } from '../../src/notify/dispatch/dispatcher.ts';
import { createNotifyMetrics } from '../../src/notify/metrics.ts';
import { enqueueMessage } from '../../src/notify/outbox/enqueue.ts';
import { notifyRepository } from '../../src/notify/repository.ts';
import { startSimulator } from '../../src/notify/smsc/index.ts';
import { Registry } from 'prom-client';
import { benchDatabase } from '../lib/postgres.ts';

const BACKLOG = 100_000;

/**
 * src/notify/dispatch/priority.int.test.ts's scenario, timed: one provider at 60 msg/s busy with a 100,000-message
 * bulk backlog, then 5 otp and 3 appointment messages. Returns each urgent message's queued-to-submitted time (ms).
 */
export async function urgentLatencies(): Promise<number[]> {
  const database = await benchDatabase('timings');
  const db = createDb({ url: database.url, poolMax: 5 });
  const smsc = { tps: 0, delivery: { minMs: 20, maxMs: 50, tail: [] }, receiptDelayMs: 0 };
  const a = await startSimulator({ port: 0, config: { ...smsc, systemId: 'salus-a', password: 'pass-a' } });
  const b = await startSimulator({
    port: 0,
    config: { ...smsc, systemId: 'salus-b', password: 'pass-b', outage: true },
  });
  try {
    await migrate(db.pool);
    await sql`
      INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s)
      SELECT 'bulk:' || i, 'bulk', '+39340' || lpad(i::text, 7, '0'), 'Avviso campagna ' || i, 86400
      FROM generate_series(1, ${BACKLOG}) AS i`.execute(db.kysely);
    const dispatcher = createDispatcher({
      db: db.kysely,
      providers: [
        { id: 'a', host: '127.0.0.1', port: a.port, systemId: 'salus-a', password: 'pass-a', rate: 60 },
        { id: 'b', host: '127.0.0.1', port: b.port, systemId: 'salus-b', password: 'pass-b', rate: 20 },
      ],
      sender: 'Salus',
      metrics: createNotifyMetrics(new Registry(), () => notifyRepository(db.kysely).laneSnapshot()),
      // The test's tuning (test/support/notify/dispatch.ts): reconciliation every 100 ms.
      tuning: {
        leaseMs: 3_000,
        pollMs: 20,
        flushMs: 5,
        sweepMs: 100,
        receiptGraceMs: 300,
        responseTimeoutMs: 1_000,
        retryBackoff: { initialDelayMs: 50, maxDelayMs: 400, multiplier: 2 },
        health: {
          cooldown: { initialDelayMs: 150, maxDelayMs: 600, multiplier: 2 },
          receiptLagMs: 1_000,
          receiptMinSample: 20,
        },
      },
    });
    await dispatcher.start();
    try {
      await dispatcher.waitUntilBound(5_000, ['a']);
      await until(async () => (await submittedCount(db.kysely, "lane = 'bulk'")) >= 40);
      for (let i = 0; i < 5; i += 1) {
        await enqueueMessage(db.kysely, {
          lane: 'otp',
          to: `+3933300000${i}0`,
          text: `Codice Salus: 10000${i}`,
          idempotencyKey: `otp:${i}`,
        });
      }
      for (let i = 0; i < 3; i += 1) {
        await enqueueMessage(db.kysely, {
          lane: 'appointment',
          to: `+3933300001${i}0`,
          text: `Appuntamento ${i}`,
          idempotencyKey: `appt:${i}`,
        });
      }
      await until(async () => (await submittedCount(db.kysely, "lane <> 'bulk'")) === 8);
      const { rows } = await sql<{ ms: number }>`
        SELECT extract(epoch FROM submitted_at - queued_at)::float8 * 1000 AS ms
        FROM notify_messages WHERE lane <> 'bulk'`.execute(db.kysely);
      return rows.map((row) => row.ms);
    } finally {
      await dispatcher.stop();
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
    await db.close();
    await database.close();
  }
}

async function submittedCount(db: ReturnType<typeof createDb>['kysely'], lane: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM notify_messages WHERE submitted_at IS NOT NULL AND ${sql.raw(lane)}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
