import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../../../test/support/notify/smsc.ts';
import type { DeliveryReceipt } from './client.ts';
import { SubmitError } from './errors.ts';
import { SmppStatus } from './status.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(...args: Parameters<typeof startHarness>): Promise<Harness> {
  harness = await startHarness(...args);
  return harness;
}

/** submit_sm the simulator has read and not yet answered, over all sessions. */
function outstanding(h: Harness): number {
  return h.sim.control.stats().sessions.reduce((sum, s) => sum + s.outstanding, 0);
}

async function failure(promise: Promise<unknown>): Promise<SubmitError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SubmitError)) throw new Error(`expected a SubmitError, got ${String(error)}`);
  return error;
}

describe('SmppClient over real SMPP', () => {
  it('binds, submits and the text reaches the phone only after its latency', async () => {
    const { client, sim, clock } = await setup();
    expect(client.state).toBe('bound');
    const { messageId } = await client.submit({ to: '+393331234567', text: 'Codice Salus: 482913' });
    expect(messageId).toMatch(/^[0-9a-f]{16}$/);
    expect(sim.control.messagesFor('393331234567')).toEqual([]);
    clock.advance(1_000);
    const [message] = sim.control.messagesFor('+393331234567');
    expect(message).toMatchObject({ id: messageId, from: 'Salus', to: '393331234567', text: 'Codice Salus: 482913' });
    expect((message?.deliveredAt ?? 0) - (message?.submittedAt ?? 0)).toBe(1_000);
  });

  it('delivers a receipt that matches the message id and carries the reference', async () => {
    const { client, clock } = await setup({ config: { receiptDelayMs: 2_000 } });
    const receipts: DeliveryReceipt[] = [];
    client.on('receipt', (r) => receipts.push(r));
    const sent = await client.submit({ to: '393331234567', text: 'Il tuo appuntamento', reference: 'outbox-42' });
    expect(sent.reference).toBe('outbox-42');
    clock.advance(1_000); // on the phone
    const deliveredAt = clock.now();
    clock.advance(2_000); // receipt leaves the SMSC
    await vi.waitFor(() => {
      expect(receipts).toHaveLength(1);
    });
    expect(receipts[0]).toMatchObject({
      messageId: sent.messageId,
      status: 'DELIVRD',
      reference: 'outbox-42',
      errorCode: '000',
    });
    expect(receipts[0]?.doneAt.getTime()).toBe(deliveredAt);
  });

  it('types throughput-limit and random throttling as throttled errors', async () => {
    const { client, sim, clock } = await setup({ config: { tps: 5 } });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => client.submit({ to: '393331234567', text: `n${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(SubmitError);
      expect(r.reason).toMatchObject({
        kind: 'throttled',
        commandStatus: SmppStatus.ESME_RTHROTTLED,
        maybeAccepted: false,
      });
    }
    clock.advance(1_000); // a second later the budget is back
    await expect(client.submit({ to: '393331234567', text: 'again' })).resolves.toHaveProperty('messageId');

    sim.control.update({ tps: 0, throttleRate: 1 });
    expect(await failure(client.submit({ to: '393331234567', text: 'x' }))).toMatchObject({ kind: 'throttled' });
    expect(sim.control.stats().throttled).toBe(4);
  });

  it('never has more than windowSize submits unacknowledged', async () => {
    const { sim, clock, connect } = await setup({ config: { submitResponseDelayMs: 1_000 } });
    // No periodic enquire_link during the test: the only ones are the test's own.
    const client = await connect({ windowSize: 3, enquireLinkIntervalMs: 3_600_000 });
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => client.submit({ to: '393331234567', text: `m${i}` })));
    const stats = () => sim.control.stats().sessions.find((s) => s.submitted > 0);
    const session = (): number => stats()?.outstanding ?? 0;
    for (let round = 0; round < 4; round += 1) {
      await vi.waitFor(() => {
        expect(session()).toBe(Math.min(3, 10 - round * 3));
      });
      // The simulator reads the session in order: once it has answered this enquire_link, it has read every
      // submit_sm the client wrote before it, so a 4th sent past the full window would be outstanding now.
      await client.enquireLink();
      expect(stats()?.enquireLinks).toBe(round + 1);
      expect(session()).toBe(Math.min(3, 10 - round * 3));
      expect(client.inFlight).toBe(session());
      expect(client.queued).toBe(Math.max(0, 10 - (round + 1) * 3));
      clock.advance(1_000);
    }
    const ids = (await all).map((r) => r.messageId);
    expect(new Set(ids).size).toBe(10);
    expect(Math.max(...sim.control.stats().sessions.map((s) => s.maxOutstanding))).toBe(3);
  });

  it('types a rejected destination as permanent, locally or from the SMSC', async () => {
    const { client, sim } = await setup({ config: { rejectPrefixes: ['39000'] } });
    const remote = await failure(client.submit({ to: '+390001234567', text: 'x' }));
    expect(remote).toMatchObject({
      kind: 'permanent',
      reason: 'smsc_status',
      commandStatus: SmppStatus.ESME_RINVDSTADR,
    });
    const local = await failure(client.submit({ to: '0039 333', text: 'x' }));
    expect(local).toMatchObject({
      kind: 'permanent',
      reason: 'invalid_request',
      commandStatus: SmppStatus.ESME_RINVDSTADR,
    });
    expect(sim.control.stats().rejected).toBe(1); // the local one never left the client
  });

  it('reconnects with exponential backoff after an outage and then sends again', async () => {
    const h = await setup({ config: { submitResponseDelayMs: 100 } });
    const { sim, clock, connect } = h;
    const client = await connect({
      reconnect: { initialDelayMs: 20, maxDelayMs: 160, multiplier: 2 },
      random: () => 1,
    });
    const delays: number[] = [];
    client.on('reconnecting', ({ delayMs }) => delays.push(delayMs));
    const inFlight = client.submit({ to: '393331234567', text: 'lost?' });
    await vi.waitFor(() => {
      expect(outstanding(h)).toBe(1);
    });

    sim.control.update({ outage: true });
    // The SMSC may have taken it: the client must say so rather than guess.
    expect(await failure(inFlight)).toMatchObject({
      kind: 'transient',
      reason: 'connection_lost',
      maybeAccepted: true,
    });
    await vi.waitFor(() => {
      expect(delays.length).toBeGreaterThanOrEqual(5);
    });
    expect(delays.slice(0, 5)).toEqual([20, 40, 80, 160, 160]);
    expect(client.state).toBe('connecting');
    expect(sim.control.stats().bindsRefused).toBeGreaterThanOrEqual(4);

    const queued = client.submit({ to: '393331234567', text: 'after the outage' });
    sim.control.update({ outage: false });
    await client.waitUntilBound(2_000);
    await vi.waitFor(() => {
      expect(outstanding(h)).toBe(1);
    });
    clock.advance(100);
    await expect(queued).resolves.toHaveProperty('messageId');
  });

  it('keeps the link alive with enquire_link at the configured interval', async () => {
    const { sim, connect } = await setup();
    const client = await connect({ enquireLinkIntervalMs: 20 });
    const mine = (): number => Math.max(...sim.control.stats().sessions.map((s) => s.enquireLinks));
    await vi.waitFor(() => {
      expect(mine()).toBeGreaterThanOrEqual(3);
    });
    expect(client.state).toBe('bound');
  });

  it('keeps trying while nothing listens on the port', async () => {
    const { sim, createClient } = await setup({ bind: false });
    await sim.close();
    const client = createClient({ reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    const attempts: number[] = [];
    client.on('reconnecting', ({ attempt }) => attempts.push(attempt));
    client.start();
    await vi.waitFor(() => {
      expect(attempts.length).toBeGreaterThanOrEqual(3);
    });
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    expect(client.state).toBe('connecting');
  });

  it('drops a link that stops answering and reports an unknown outcome', async () => {
    const { sim, connect } = await setup({ config: { submitResponseDelayMs: 60_000 } });
    const client = await connect({ responseTimeoutMs: 100 });
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    const error = await failure(client.submit({ to: '393331234567', text: 'x' }));
    expect(error).toMatchObject({ kind: 'transient', reason: 'response_timeout', maybeAccepted: true });
    await vi.waitFor(() => {
      expect(states).toEqual(['connecting', 'bound']);
    });
    expect(sim.control.stats().submitted).toBe(1); // accepted all the same: why maybeAccepted is true
  });

  it('fails queued submits on close or timeout without sending them', async () => {
    const h = await setup({ config: { submitResponseDelayMs: 1_000 } });
    const { sim, clock, connect } = h;
    const client = await connect({ windowSize: 1, queueTimeoutMs: 100 });
    const first = client.submit({ to: '393331234567', text: 'first' });
    const timedOut = await failure(client.submit({ to: '393331234567', text: 'second' }));
    expect(timedOut).toMatchObject({ kind: 'transient', reason: 'queue_timeout', maybeAccepted: false });
    const aborted = client.submit({ to: '393331234567', text: 'third', signal: AbortSignal.abort() });
    expect(await failure(aborted)).toMatchObject({ reason: 'aborted' });
    const third = client.submit({ to: '393331234567', text: 'fourth' });
    const closing = client.close();
    expect(await failure(third)).toMatchObject({ reason: 'closed', maybeAccepted: false });
    await vi.waitFor(() => {
      expect(outstanding(h)).toBe(1);
    });
    clock.advance(1_000); // the in-flight one is answered before the unbind
    await expect(first).resolves.toHaveProperty('messageId');
    await closing;
    expect(client.state).toBe('closed');
    expect(sim.control.stats().submitted).toBe(1);
  });

  it('refuses a receipt whose listener throws, so the SMSC sends it again', async () => {
    const { client, clock, sim } = await setup();
    let calls = 0;
    client.on('receipt', () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
    });
    await client.submit({ to: '393331234567', text: 'x' });
    clock.advance(1_000);
    await vi.waitFor(() => {
      expect(calls).toBe(1);
    });
    await vi.waitFor(() => {
      expect(sim.control.stats()).toMatchObject({ receiptsRefused: 1, receiptsSent: 0 });
    });
    clock.advance(5_000); // the simulator's retry delay
    await vi.waitFor(() => {
      expect(calls).toBe(2);
    });
    await vi.waitFor(() => {
      expect(sim.control.stats().receiptsSent).toBe(1);
    });
  });

  it('acknowledges a receipt only once its handler has taken it, and refuses it if the handler fails', async () => {
    const { sim, clock, connect } = await setup({ bind: false }); // the only session, so it gets the receipts
    let take: (() => void) | undefined;
    let calls = 0;
    const client = await connect({
      receiptHandler: () => {
        calls += 1;
        if (calls === 2) return Promise.reject(new Error('database down'));
        return new Promise<void>((resolve) => {
          take = resolve;
        });
      },
    });
    await client.submit({ to: '393331234567', text: 'x' });
    clock.advance(1_000);
    await vi.waitFor(() => {
      expect(take).toBeDefined();
    });
    expect(sim.control.stats().receiptsSent).toBe(0); // not acknowledged while it is being stored
    take?.();
    await vi.waitFor(() => {
      expect(sim.control.stats().receiptsSent).toBe(1);
    });
    await client.submit({ to: '393331234567', text: 'y' });
    clock.advance(1_000);
    await vi.waitFor(() => {
      expect(sim.control.stats().receiptsRefused).toBe(1);
    });
  });
});
