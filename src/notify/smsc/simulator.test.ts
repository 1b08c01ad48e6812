import { connect, PDU, type Session } from 'smpp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SmppClient, type DeliveryReceipt } from '../smpp/client.ts';
import { SubmitError } from '../smpp/errors.ts';
import { SmppStatus } from '../smpp/status.ts';
import { ScaledClock } from './clock.ts';
import { SimulatorConfigError } from './config.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';
import { scriptedRandom, startHarness, type Harness } from '../../../test/support/notify/smsc.ts';

const FIFTY_MINUTES = 50 * 60_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setup(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const harness = await startHarness(...args);
  cleanups.push(() => harness.close());
  return harness;
}

describe('SMSC simulator: delivery latency', () => {
  it('holds a long-tail message back for exactly its delay', async () => {
    // First draw 0.01 < 0.02 puts message 1 in the tail; 0.5 and 0.5 give message 2 the uniform 1-3 s.
    const { client, sim, clock } = await setup({
      random: scriptedRandom([0.01, 0.5, 0.5]),
      config: { delivery: { minMs: 1_000, maxMs: 3_000, tail: [{ p: 0.02, delayMs: FIFTY_MINUTES }] } },
    });
    const late = await client.submit({ to: '393330000001', text: 'codice 111111' });
    const prompt = await client.submit({ to: '393330000002', text: 'codice 222222' });
    clock.advance(2_000);
    expect(sim.control.messagesFor('393330000002').map((m) => m.id)).toEqual([prompt.messageId]);
    expect(sim.control.messagesFor('393330000001')).toEqual([]);
    clock.advance(FIFTY_MINUTES - 2_001);
    expect(sim.control.messagesFor('393330000001')).toEqual([]);
    expect(sim.control.stats()).toMatchObject({ submitted: 2, delivered: 1, pending: 1 });
    clock.advance(1);
    const [message] = sim.control.messagesFor('393330000001');
    expect(message?.id).toBe(late.messageId);
    expect((message?.deliveredAt ?? 0) - (message?.submittedAt ?? 0)).toBe(FIFTY_MINUTES);
  });

  it('runs a 50-minute tail in well under a second with the time scale', async () => {
    // 60,000 simulated ms per real ms: 50 minutes take 50 ms of wall time.
    const sim = await startSimulator({
      port: 0,
      random: () => 0,
      config: { timeScale: 60_000, delivery: { minMs: 0, maxMs: 0, tail: [{ p: 1, delayMs: FIFTY_MINUTES }] } },
    });
    cleanups.push(() => sim.close());
    const client = new SmppClient({
      host: '127.0.0.1',
      port: sim.port,
      systemId: 'salus',
      password: 'salus',
      sourceAddr: 'Salus',
    });
    cleanups.push(() => client.close());
    client.start();
    await client.waitUntilBound();
    // How fast (well under a second) is measured by `npm run bench:timings`, with its limit: here, that the
    // 50 simulated minutes pass within the wait's 2 s deadline, where real minutes could not.
    await client.submit({ to: '393331234567', text: 'tardi' });
    expect(sim.control.messagesFor('393331234567')).toEqual([]);
    await vi.waitFor(
      () => {
        expect(sim.control.messagesFor('393331234567')).toHaveLength(1);
      },
      { timeout: 2_000, interval: 5 },
    );
    const [message] = sim.control.messagesFor('393331234567');
    expect((message?.deliveredAt ?? 0) - (message?.submittedAt ?? 0)).toBeGreaterThanOrEqual(FIFTY_MINUTES);
  });

  it('reports UNDELIV and EXPIRED receipts and keeps those texts off the phone', async () => {
    const { client, sim, clock } = await setup({
      random: scriptedRandom([0.5, 0]),
      config: {
        undeliverablePrefixes: ['39399'],
        expireAfterMs: 60_000,
        delivery: { minMs: 1_000, maxMs: 1_000, tail: [{ p: 0.1, delayMs: FIFTY_MINUTES }] },
      },
    });
    const receipts: DeliveryReceipt[] = [];
    client.on('receipt', (r) => receipts.push(r));
    const absent = await client.submit({ to: '393991234567', text: 'x' });
    const expired = await client.submit({ to: '393331234567', text: 'y' });
    clock.advance(60_000);
    await vi.waitFor(() => {
      expect(receipts).toHaveLength(2);
    });
    expect(receipts.find((r) => r.messageId === absent.messageId)).toMatchObject({
      status: 'UNDELIV',
      errorCode: '027',
    });
    expect(receipts.find((r) => r.messageId === expired.messageId)).toMatchObject({
      status: 'EXPIRED',
      errorCode: '069',
    });
    expect(sim.control.allPhones()).toEqual([]);
    expect(sim.control.stats()).toMatchObject({ failed: 2, delivered: 0, pending: 0 });
  });
});

describe('SMSC simulator: validity period', () => {
  it('expires a message at the validity_period the ESME set, with its origin in the receipt', async () => {
    const { client, sim, clock } = await setup({
      config: { delivery: { minMs: 1_000, maxMs: 1_000, tail: [{ p: 1, delayMs: FIFTY_MINUTES }] } },
    });
    const receipts: DeliveryReceipt[] = [];
    client.on('receipt', (r) => receipts.push(r));
    const sent = await client.submit({
      to: '393331234567',
      text: 'Codice Salus: 482913 valido 10 minuti',
      validityMs: 600_000,
    });
    clock.advance(599_000);
    expect(receipts).toEqual([]);
    clock.advance(1_000);
    await vi.waitFor(() => {
      expect(receipts).toHaveLength(1);
    });
    expect(receipts[0]).toMatchObject({
      messageId: sent.messageId,
      status: 'EXPIRED',
      destination: '393331234567',
      textPrefix: 'Codice Salus: 482913',
    });
    expect(sim.control.allPhones()).toEqual([]);
  });
});

describe('SMSC simulator: control', () => {
  it('applies live reconfiguration and refuses an invalid one whole', async () => {
    const { client, sim } = await setup({ config: { tps: 1 } });
    await client.submit({ to: '393331234567', text: '1' });
    await expect(client.submit({ to: '393331234567', text: '2' })).rejects.toMatchObject({ kind: 'throttled' });
    sim.control.update({ tps: 0, delivery: { maxMs: 9_000 } });
    await client.submit({ to: '393331234567', text: '3' });
    expect(sim.control.getConfig()).toMatchObject({ tps: 0, delivery: { minMs: 1_000, maxMs: 9_000, tail: [] } });

    const before = sim.control.getConfig();
    expect(() => sim.control.update({ throttleRate: 2, tps: 7 })).toThrow(SimulatorConfigError);
    expect(() => sim.control.update({ delivery: { minMs: 10_000 } })).toThrow(/minMs must not exceed/);
    expect(() =>
      sim.control.update({
        delivery: {
          tail: [
            { p: 0.7, delayMs: 1 },
            { p: 0.7, delayMs: 2 },
          ],
        },
      }),
    ).toThrow(/more than 1/);
    expect(sim.control.getConfig()).toEqual(before);
    // getConfig hands out a copy: changing it changes nothing.
    sim.control.getConfig().rejectPrefixes.push('39');
    expect(sim.control.getConfig().rejectPrefixes).toEqual([]);
  });

  it('changes the time scale of pending deliveries', async () => {
    const clock = new ScaledClock(1);
    const sim = await startSimulator({
      port: 0,
      clock,
      config: { delivery: { minMs: FIFTY_MINUTES, maxMs: FIFTY_MINUTES, tail: [] } },
    });
    cleanups.push(() => sim.close());
    const client = new SmppClient({
      host: '127.0.0.1',
      port: sim.port,
      systemId: 'salus',
      password: 'salus',
      sourceAddr: 'Salus',
    });
    cleanups.push(() => client.close());
    client.start();
    await client.waitUntilBound();
    await client.submit({ to: '393331234567', text: 'x' });
    sim.control.update({ timeScale: 100_000 }); // the pending 50 minutes now take 30 ms
    expect(clock.scale).toBe(100_000);
    await vi.waitFor(
      () => {
        expect(sim.control.stats().delivered).toBe(1);
      },
      { timeout: 2_000, interval: 5 },
    );
  });

  it('keeps receipts while the ESME is away and hands them over on the next bind', async () => {
    const { client, sim, clock, createClient } = await setup();
    const { messageId } = await client.submit({ to: '393331234567', text: 'x', reference: 'r1' });
    await client.close();
    clock.advance(1_000);
    expect(sim.control.stats().receiptsQueued).toBe(1);
    const later = createClient();
    const receipt = new Promise<DeliveryReceipt>((resolve) => later.once('receipt', resolve));
    later.start();
    // The receipt may arrive in the same TCP read as bind_resp, hence the listener first.
    // A new client has no map.
    expect(await receipt).toMatchObject({ messageId, status: 'DELIVRD', reference: undefined });
    await vi.waitFor(() => {
      expect(sim.control.stats()).toMatchObject({ receiptsQueued: 0, receiptsSent: 1 });
    });
  });

  it('refuses bad credentials and binds during an outage', async () => {
    const { sim, createClient } = await setup();
    const bindRejection = (client: SmppClient): Promise<number> => {
      const rejected = new Promise<number>((resolve) =>
        client.once('bindRejected', (e) => {
          resolve(e.commandStatus);
        }),
      );
      client.start();
      return rejected;
    };
    expect(await bindRejection(createClient({ password: 'nope' }))).toBe(SmppStatus.ESME_RINVPASWD);
    expect(await bindRejection(createClient({ systemId: 'other' }))).toBe(SmppStatus.ESME_RINVSYSID);
    sim.control.update({ outage: true });
    await vi.waitFor(() => {
      expect(sim.control.stats().sessions.filter((s) => s.bindType !== null)).toEqual([]);
    });
    expect(await bindRejection(createClient())).toBe(SmppStatus.ESME_RBINDFAIL);
    expect(sim.control.stats().bindsRefused).toBeGreaterThanOrEqual(3);
  });

  it('counts per session and lists phones newest first', async () => {
    const { client, sim, clock, connect } = await setup({ config: { rejectPrefixes: ['39000'] } });
    const other = await connect();
    await client.submit({ to: '393330000001', text: 'a' });
    await other.submit({ to: '393330000002', text: 'b' });
    await other.submit({ to: '393330000001', text: 'c' });
    await expect(other.submit({ to: '390001234567', text: 'd' })).rejects.toBeInstanceOf(SubmitError);
    clock.advance(1_000);
    expect(sim.control.allPhones().map((p) => [p.number, p.received])).toEqual([
      ['393330000001', 2],
      ['393330000002', 1],
    ]);
    const counts = sim.control
      .stats()
      .sessions.map((s) => [s.submitted, s.rejected])
      .sort();
    expect(counts).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(sim.control.messagesFor('393330000001').map((m) => m.text)).toEqual(['c', 'a']);
  });
});

describe('SMSC simulator: SMPP bind types', () => {
  let sim: RunningSimulator;

  function raw(): Promise<Session> {
    const session = connect({ host: '127.0.0.1', port: sim.port });
    cleanups.push(
      () =>
        new Promise((resolve) => {
          session.destroy(resolve);
        }),
    );
    return new Promise((resolve) =>
      session.on('connect', () => {
        resolve(session);
      }),
    );
  }

  function request(session: Session, pdu: PDU): Promise<PDU> {
    return new Promise((resolve) => session.send(pdu, resolve));
  }

  it('lets a receiver bind but not submit, and answers enquire_link before binding', async () => {
    sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const session = await raw();
    expect((await request(session, new PDU('enquire_link'))).command_status).toBe(SmppStatus.ESME_ROK);
    const early = await request(
      session,
      new PDU('submit_sm', { destination_addr: '393331234567', short_message: 'x' }),
    );
    expect(early.command_status).toBe(SmppStatus.ESME_RINVBNDSTS);
    const bind = await request(session, new PDU('bind_receiver', { system_id: 'salus', password: 'salus' }));
    expect(bind).toMatchObject({
      command: 'bind_receiver_resp',
      command_status: SmppStatus.ESME_ROK,
      system_id: 'SalusSMSC',
    });
    const again = await request(session, new PDU('bind_receiver', { system_id: 'salus', password: 'salus' }));
    expect(again.command_status).toBe(SmppStatus.ESME_RALYBND);
    const submit = await request(
      session,
      new PDU('submit_sm', { destination_addr: '393331234567', short_message: 'x' }),
    );
    expect(submit.command_status).toBe(SmppStatus.ESME_RINVBNDSTS);
    const unbind = await request(session, new PDU('unbind'));
    expect(unbind.command).toBe('unbind_resp');
  });
});
