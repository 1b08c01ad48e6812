import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../../test/support/fse2/gateway-client.ts';
import { startForwardHarness, type ForwardHarness } from '../../../test/support/fse2/forward-harness.ts';
import { sha256 } from '../../../test/support/fse2/national-jwt.ts';

// Real PostgreSQL, the real Gateway at /fse2/v1, real HTTP to the national simulator (ADR 0014).
let h: ForwardHarness;
const poll = { timeout: 30_000, interval: 50 };

beforeAll(async () => {
  h = await startForwardHarness();
  await h.startForwarder();
}, 180_000);
afterAll(async () => {
  await h.close();
});

const keysOf = async (identificativoDoc: string) =>
  (await h.outbox()).filter((r) => r.identificativo_doc === identificativoDoc).map((r) => r.idempotency_key);
const acceptedAt = (key: string) => h.simulator.state.accepted.findIndex((r) => r.key === key);
const backlog = async () => (await h.outbox()).filter((r) => r.state === 'pending').length;

describe('forwarding to the national Gateway', () => {
  it('keeps every document readable locally while the national side is down, then drains in order', async () => {
    await h.simulator.downFor(10 * 60_000); // back only when the test says so
    const names = ['OUT1', 'OUT2', 'OUT3', 'OUT4', 'OUT5', 'OUT6'];
    for (const name of names) {
      await h.publish(name);
      expect(await h.localStatus(name)).toBe('current'); // at once, whatever the national side does
    }
    await h.replace('OUT1', 'OUT1B');
    await h.updateMetadata('OUT2');
    await h.remove('OUT3');
    expect(await h.localStatus('OUT1B')).toBe('current');
    expect(await h.localStatus('OUT3')).toBe('entered-in-error');
    // The relay tried and could not connect; the whole backlog waits, none lost.
    await expect
      .poll(() => h.counter('fse2_national_forward_failures_total', { cause: 'unreachable' }), poll)
      .toBeGreaterThan(0);
    expect(await backlog()).toBe(9);
    expect(h.simulator.state.accepted).toHaveLength(0);

    await h.simulator.up();
    await expect.poll(backlog, poll).toBe(0);
    const rows = await h.outbox();
    expect(rows.filter((r) => r.state === 'forwarded')).toHaveLength(9);
    // 0 lost, 0 forwarded twice: each outbox key reached the national side exactly once.
    const received = h.simulator.state.accepted.map((r) => r.key).sort();
    expect(received).toEqual(rows.map((r) => r.idempotency_key).sort());
    expect(h.simulator.state.summary().duplicates).toBe(0);
    // In order per document: a replace after its publication, an update and a delete after theirs.
    const [create1] = await keysOf(h.idDoc('OUT1'));
    const [replace1] = await keysOf(h.idDoc('OUT1B'));
    expect(acceptedAt(create1 ?? '')).toBeLessThan(acceptedAt(replace1 ?? ''));
    expect(h.simulator.state.history(h.idDoc('OUT2'))).toEqual(['create', 'metadata']);
    expect(h.simulator.state.history(h.idDoc('OUT3'))).toEqual(['create', 'delete']);
    expect(h.simulator.state.documents.get(h.idDoc('OUT1'))?.status).toBe('replaced');
    expect(h.simulator.state.documents.get(h.idDoc('OUT1B'))?.status).toBe('current');
    expect(h.simulator.state.documents.get(h.idDoc('OUT3'))?.status).toBe('deleted');
    expect(await h.counter('fse2_national_forwarded_total', { operation: 'create' })).toBe(6);
    expect(await h.counter('fse2_national_backlog', {})).toBe(0);
  });

  it('retries 5xx answers and a timeout with backoff until the national side takes the document', async () => {
    h.simulator.chaos.hangNext = 1; // no answer: the relay's 400 ms timeout
    h.simulator.chaos.failNext = 2; // then two 503s
    await h.publish('RETRY1');
    await expect.poll(backlog, poll).toBe(0);
    const [row] = (await h.outbox()).filter((r) => r.identificativo_doc === h.idDoc('RETRY1'));
    expect(row).toMatchObject({ state: 'forwarded', attempts: 4 });
    expect(await h.counter('fse2_national_forward_failures_total', { cause: 'timeout' })).toBe(1);
    expect(await h.counter('fse2_national_forward_failures_total', { cause: 'server_error' })).toBe(2);
    expect(h.simulator.state.history(h.idDoc('RETRY1'))).toEqual(['create']);
  });

  it('flags a permanent refusal for a person with the national error, and never sends it again', async () => {
    h.simulator.state.refusals.add(h.idDoc('REFUSED1'));
    await h.publish('REFUSED1');
    await expect
      .poll(async () => (await h.outbox()).find((r) => r.identificativo_doc === h.idDoc('REFUSED1'))?.state, poll)
      .toBe('refused');
    // Later changes go on; by the time one is forwarded the relay has passed over the refused row many times.
    await h.publish('AFTER1');
    await expect.poll(backlog, poll).toBe(0);
    const refused = (await h.outbox()).find((r) => r.identificativo_doc === h.idDoc('REFUSED1'));
    expect(refused).toMatchObject({ state: 'refused', attempts: 1, last_cause: 'refused_400' });
    expect(refused?.national_error).toMatchObject({ status: 400, type: '/msg/mandatory-element' });
    expect(h.simulator.state.accepted.filter((r) => r.key === refused?.idempotency_key)).toHaveLength(1);
    expect(h.simulator.state.duplicates.size).toBe(0);
    expect(await h.counter('fse2_national_refused', {})).toBe(1);
    expect(await h.localStatus('REFUSED1')).toBe('current'); // the record keeps it all the same
  });

  it('replays after a crash between the send and its mark without a second document at the receiver', async () => {
    let crashed = false;
    await h.startForwarder((item) => {
      if (item.identificativoDoc === h.idDoc('CRASH1') && !crashed) {
        crashed = true;
        throw new Error('killed between send and mark');
      }
    });
    await h.publish('CRASH1');
    const [key] = await keysOf(h.idDoc('CRASH1'));
    // The national side has it, the outbox does not know: the process "dies" here.
    await expect.poll(() => acceptedAt(key ?? ''), poll).toBeGreaterThanOrEqual(0);
    await h.stopForwarder();
    expect((await h.outbox()).find((r) => r.idempotency_key === key)?.state).toBe('pending');

    await h.startForwarder(); // a fresh process: sends it again once the dead one's lease ends
    await expect.poll(backlog, poll).toBe(0);
    expect(h.simulator.state.duplicates.get(key ?? '')).toBe(1);
    expect(h.simulator.state.accepted.filter((r) => r.key === key)).toHaveLength(1);
    expect(h.simulator.state.history(h.idDoc('CRASH1'))).toEqual(['create']);
  });

  it('starts the drain when the national side returns, not when a long backoff ends (the probe)', async () => {
    // Backoff from 60 s: the first retry is 30-60 s away, past this test's 15 s deadline. Only the probe's early
    // send of the oldest waiting row, which then wakes the rest, can forward them in time.
    await h.startForwarder(undefined, { backoff: { baseMs: 60_000, capMs: 300_000 }, probeMs: 200 });
    await h.simulator.downFor(10 * 60_000);
    await h.publish('PROBE1');
    await h.publish('PROBE2');
    await h.updateMetadata('PROBE1');
    const waiting = async () =>
      (await h.outbox()).filter((r) => r.state === 'pending' && r.last_cause === 'unreachable').length;
    await expect.poll(waiting, poll).toBe(2); // the two chain heads tried and waiting; the update behind PROBE1
    await h.simulator.up();
    await expect.poll(backlog, { timeout: 15_000, interval: 50 }).toBe(0);
    expect(h.simulator.state.history(h.idDoc('PROBE1'))).toEqual(['create', 'metadata']);
    expect(h.simulator.state.history(h.idDoc('PROBE2'))).toEqual(['create']);
    await h.startForwarder();
  });

  it("writes the outbox row in the record's transaction: a failed outbox write stores no document", async () => {
    h.faults.failNextEnqueue = true;
    expect(await h.tryPublish('ATOMIC1')).toBeGreaterThanOrEqual(500);
    expect(await h.localStatus('ATOMIC1')).toBeUndefined();
    expect(await keysOf(h.idDoc('ATOMIC1'))).toEqual([]);
    await h.publish('ATOMIC1'); // the producer's retry: one document, one forward
    expect(await h.localStatus('ATOMIC1')).toBe('current');
    expect(await keysOf(h.idDoc('ATOMIC1'))).toHaveLength(1);
    await expect.poll(backlog, poll).toBe(0);
    expect(h.simulator.state.history(h.idDoc('ATOMIC1'))).toEqual(['create']);
  });

  it("sends the record's own copy of a publication's PDF, keeping no second copy in the outbox", async () => {
    await h.simulator.downFor(10 * 60_000);
    await h.publish('BYREF1');
    await h.replace('BYREF1', 'BYREF1B');
    const rows = await sql<{ identificativo_doc: string; file: Buffer | null; in_record: string | null }>`
      SELECT identificativo_doc, file, request->>'fileInRecord' AS in_record FROM fse2_forward_outbox
      WHERE identificativo_doc IN (${h.idDoc('BYREF1')}, ${h.idDoc('BYREF1B')}) ORDER BY id`.execute(
      h.server.db.kysely,
    );
    // Waiting for the national side: both rows refer to the record's copy and hold no bytes of their own.
    expect(rows.rows).toEqual([
      { identificativo_doc: h.idDoc('BYREF1'), file: null, in_record: 'true' },
      { identificativo_doc: h.idDoc('BYREF1B'), file: null, in_record: 'true' },
    ]);
    await h.simulator.up();
    await expect.poll(backlog, poll).toBe(0);
    // The national side received the exact bytes the producer sent (it refuses a publication without its file).
    const received = (doc: string) =>
      h.simulator.state.accepted.filter((r) => r.identificativoDoc === doc && r.status < 300).map((r) => r.fileSha256);
    expect(received(h.idDoc('BYREF1'))).toEqual([sha256(sample('accreditamento/SIGNED_RAD1.pdf'))]);
    expect(received(h.idDoc('BYREF1B'))).toEqual([sha256(sample('accreditamento/SIGNED_RAD2.pdf'))]);
  });
});
