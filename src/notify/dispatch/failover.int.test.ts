import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enqueueMessages, type MessageInput } from '../outbox/enqueue.ts';
import {
  metricValue,
  receivedPerPhone,
  startNotifyHarness,
  type NotifyHarness,
} from '../../../test/support/notify/dispatch.ts';

let h: NotifyHarness;
afterEach(async () => {
  await h.close();
});

let serial = 0;
/** n messages to distinct numbers, so that a phone's count is that message's count. */
async function send(n: number, change: Partial<MessageInput> = {}): Promise<string[]> {
  const inputs = Array.from({ length: n }, () => {
    serial += 1;
    return {
      lane: 'appointment' as const,
      to: `+39347${String(serial).padStart(7, '0')}`,
      text: `Avviso ${serial}`,
      idempotencyKey: `t:${serial}`,
      ...change,
    };
  });
  await enqueueMessages(h.db, inputs);
  return inputs.map((i) => i.to);
}

/** The providers that took these messages, once all messages are final. */
async function providersOf(numbers: readonly string[]): Promise<(string | null)[]> {
  const rows = await h.settle();
  return numbers.map((n) => rows.find((m) => m.recipient === n)?.provider ?? null);
}

/** The providers that took these messages, once these are submitted (others may still wait). */
async function submittedVia(numbers: readonly string[]): Promise<(string | null)[]> {
  let providers: (string | null)[] = [];
  await vi.waitFor(
    async () => {
      const rows = await h.messages();
      providers = numbers.map((n) => rows.find((m) => m.recipient === n && m.submitted_at !== null)?.provider ?? null);
      expect(providers).not.toContain(null);
    },
    { timeout: 5_000 },
  );
  return providers;
}

async function events(kind: string): Promise<{ provider: string | null; detail: string | null }[]> {
  return (
    await sql<{ provider: string | null; detail: string | null }>`
    SELECT provider, detail FROM notify_events WHERE kind = ${kind} ORDER BY id`.execute(h.db)
  ).rows;
}

describe('failover between two providers over real SMPP', () => {
  it('moves to B while A throttles everything, and back to A once A recovers', async () => {
    h = await startNotifyHarness({ rates: [100, 100] });
    const dispatcher = await h.startDispatcher();
    expect(await providersOf(await send(10))).toEqual(Array(10).fill('a'));

    h.sims.a.control.update({ throttleRate: 1 });
    expect(await providersOf(await send(20))).toEqual(Array(20).fill('b'));
    expect(await metricValue(h.registry, 'notify_failovers_total', { from: 'a', to: 'b', reason: 'throttled' })).toBe(
      1,
    );
    expect(
      (await events('retry')).every((e) => e.provider === 'a' && (e.detail ?? '').includes('ESME_RTHROTTLED')),
    ).toBe(true);

    h.sims.a.control.update({ throttleRate: 0 });
    await vi.waitFor(() => {
      expect(dispatcher.providers()[0]?.state).toBe('probing');
    });
    expect(await providersOf(await send(1))).toEqual(['a']); // the probe: one at a time until A proves itself
    expect(await providersOf(await send(10))).toEqual(Array(10).fill('a'));
    expect(await metricValue(h.registry, 'notify_provider_recoveries_total', { provider: 'a' })).toBe(1);
    expect([...receivedPerPhone(h.sims).values()].every((count) => count === 1)).toBe(true);
  });

  it('carries on through a full outage of A without losing or duplicating, and switches back', async () => {
    h = await startNotifyHarness({ rates: [100, 100] });
    const dispatcher = await h.startDispatcher();
    // Short validity: submits left unanswered by the outage resolve within the test.
    const numbers = await send(150, { validitySeconds: 2 });
    await vi.waitFor(
      async () => {
        expect((await h.messages()).filter((m) => m.provider === 'a').length).toBeGreaterThan(30);
      },
      { interval: 5 },
    );
    h.sims.a.control.update({ outage: true });
    numbers.push(...(await send(50, { validitySeconds: 2 })));
    await vi.waitFor(() => {
      expect(dispatcher.providers()[0]?.state).toBe('disconnected');
    });
    const duringOutage = await send(10);
    expect(await submittedVia(duringOutage)).toEqual(Array(10).fill('b'));

    h.sims.a.control.update({ outage: false });
    await dispatcher.waitUntilBound(5_000);
    const rows = await h.settle(15_000);
    expect(rows.filter((m) => m.status !== 'delivered')).toEqual([]);
    const phones = receivedPerPhone(h.sims);
    expect([...numbers, ...duringOutage].filter((n) => phones.get(n) !== 1)).toEqual([]);
    expect(h.sims.a.control.stats().submitted + h.sims.b.control.stats().submitted).toBe(rows.length);
    // Once per incident, as 'disconnected' or 'errors' (in-flight submits failing) depending on which is seen first.
    expect(await metricValue(h.registry, 'notify_failovers_total', { from: 'a', to: 'b' })).toBe(1);
    expect(await providersOf(await send(5))).toEqual(Array(5).fill('a'));
  });

  it('moves to B when the receipts of A fall behind', async () => {
    h = await startNotifyHarness({ rates: [100, 100], a: { receiptDelayMs: 3_600_000 } });
    await h.startDispatcher({
      tuning: {
        health: {
          receiptLagMs: 1_000,
          receiptMinSample: 10,
          cooldown: { initialDelayMs: 60_000, maxDelayMs: 60_000, multiplier: 2 },
        },
      },
    });
    await send(30);
    await vi.waitFor(
      async () => {
        expect(
          await metricValue(h.registry, 'notify_failovers_total', { from: 'a', to: 'b', reason: 'receipts_behind' }),
        ).toBe(1);
      },
      { timeout: 5_000 },
    );
    expect(await submittedVia(await send(10))).toEqual(Array(10).fill('b'));
  });

  it('does not resend a submit whose answer timed out: its receipt shows it was accepted', async () => {
    h = await startNotifyHarness({ a: { submitResponseDelayMs: 5_000 } });
    await h.startDispatcher();
    const [number] = await send(1);
    await vi.waitFor(
      async () => {
        expect(await events('outcome_unknown')).toHaveLength(1);
      },
      { timeout: 5_000 },
    );
    h.sims.a.control.update({ submitResponseDelayMs: 0 });
    const [row] = await h.settle();
    expect(row).toMatchObject({ status: 'delivered', provider: 'a', attempts: 1 });
    expect(receivedPerPhone(h.sims).get(number ?? '')).toBe(1);
    expect(h.sims.a.control.stats().submitted + h.sims.b.control.stats().submitted).toBe(1);
    expect((await events('submitted'))[0]?.detail).toMatch(/learned from its delivery receipt/);
    expect(await metricValue(h.registry, 'notify_outcome_unknown_total', { reason: 'response_timeout' })).toBe(1);
  });

  it('fails a permanently rejected message at once, without retries', async () => {
    h = await startNotifyHarness({ a: { rejectPrefixes: ['39347'] } });
    await h.startDispatcher();
    await send(1);
    const [row] = await h.settle();
    expect(row).toMatchObject({ status: 'failed', provider: 'a', attempts: 1 });
    expect(await events('retry')).toEqual([]);
    expect((await events('failed'))[0]?.detail).toMatch(/ESME_RINVDSTADR/);
    expect(h.sims.a.control.stats().rejected + h.sims.b.control.stats().rejected).toBe(1);
  });

  it('moves a message refused on every attempt to the dead letters, and alerts', async () => {
    h = await startNotifyHarness({ a: { throttleRate: 1 }, b: { throttleRate: 1 } });
    const alerts: unknown[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (obj: object) => {
        alerts.push(obj);
      },
    };
    await h.startDispatcher({ tuning: { maxAttempts: 2, immediateTries: 2 }, logger });
    await send(1, { lane: 'bulk' });
    const [row] = await h.settle();
    expect(row).toMatchObject({ status: 'dead', attempts: 2 });
    // Two claims, each refused by both.
    expect((await events('retry')).map((e) => e.provider)).toEqual(['a', 'b', 'a', 'b']);
    expect(await metricValue(h.registry, 'notify_dead_letters_total', { lane: 'bulk' })).toBe(1);
    expect(await metricValue(h.registry, 'notify_dead_letters', { lane: 'bulk' })).toBe(1);
    expect(alerts).toEqual([expect.objectContaining({ messageId: row?.id, lane: 'bulk' })]);
  });
});
