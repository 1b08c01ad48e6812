import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import { ownerQuery } from '../../../test/helpers/db.ts';
import {
  metricValue,
  receivedPerPhone,
  startNotifyHarness,
  type NotifyHarness,
} from '../../../test/support/notify/dispatch.ts';
import { enqueueMessage, enqueueMessages } from './enqueue.ts';

let h: NotifyHarness;
beforeAll(async () => {
  h = await startNotifyHarness({ b: { undeliverablePrefixes: ['39399'] } });
  // A stand-in for another module's table: the business change the message belongs to.
  // Created by the owner, as a migration would: the application's role gets rows by default.
  await ownerQuery(h.database, 'CREATE TABLE notify_test_changes (id serial PRIMARY KEY, phone text NOT NULL)');
  await h.startDispatcher();
});
afterAll(async () => {
  await h.close();
});

async function enroll(phone: string, code: string, fail: boolean): Promise<void> {
  await h.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO notify_test_changes (phone) VALUES (${phone})`.execute(trx);
    await enqueueMessage(trx, {
      lane: 'otp',
      to: phone,
      text: `Codice Salus: ${code}`,
      idempotencyKey: `draft:${phone}:otp`,
    });
    if (fail) throw new Error('the enrollment failed after the message was written');
  });
}

describe('transactional outbox over real SMPP', () => {
  it('sends the message of a committed change once, and nothing for a rolled-back one', async () => {
    await expect(enroll('+393330000001', '111111', true)).rejects.toThrow(/enrollment failed/);
    await enroll('+393330000002', '222222', false);
    const rows = await h.settle();
    expect(rows.map((m) => [m.recipient, m.status])).toEqual([['+393330000002', 'delivered']]);
    const phones = receivedPerPhone(h.sims);
    expect(phones.get('+393330000002')).toBe(1);
    expect(phones.has('+393330000001')).toBe(false);
    expect(h.sims.a.control.stats().submitted + h.sims.b.control.stats().submitted).toBe(1);
    expect(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM notify_test_changes`.execute(h.db)).rows[0]?.n,
    ).toBe(1);
  });

  it('returns the first message for a repeated key and refuses the key for other content', async () => {
    const input = {
      lane: 'appointment' as const,
      to: '333 000 0003',
      text: 'Appuntamento confermato',
      idempotencyKey: 'appt:3',
    };
    const first = await enqueueMessage(h.db, input);
    const again = await enqueueMessage(h.db, input);
    expect(again).toEqual({ id: first.id, created: false });
    const reused = await enqueueMessage(h.db, { ...input, text: 'altro' }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(DomainError);
    expect(reused).toMatchObject({ kind: 'conflict', code: 'notify.idempotency_key_reused' });
    await h.settle();
    expect(receivedPerPhone(h.sims).get('+393330000003')).toBe(1);
  });

  it('rejects a malformed phone number at creation with a clear error, writing nothing', async () => {
    const error = await enqueueMessage(h.db, { lane: 'otp', to: '+39 12', text: 'x', idempotencyKey: 'bad:1' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'validation', code: 'registry.phone_invalid', fields: [{ field: '/to' }] });
    expect((error as Error).message).toMatch(/mobile number is not valid/);
    const bulk = await enqueueMessages(h.db, [
      { lane: 'bulk', to: '+393330000010', text: 'ok', idempotencyKey: 'bulk:10' },
      { lane: 'bulk', to: 'not a number', text: 'ko', idempotencyKey: 'bulk:11' },
    ]).catch((e: unknown) => e);
    expect(bulk).toMatchObject({ kind: 'validation', fields: [{ field: '/1/to' }] });
    expect((await h.messages()).filter((m) => m.recipient === '+393330000010')).toEqual([]);
  });

  it('records the full history from the delivery receipts, delivered and failed', async () => {
    // a is preferred; with a out of the way, b (which cannot reach 39399...) gets both.
    h.sims.a.control.update({ outage: true });
    const { created } = await enqueueMessages(h.db, [
      { lane: 'reminder', to: '+393330000020', text: 'Promemoria: domani alle 9', idempotencyKey: 'rem:20' },
      { lane: 'reminder', to: '+393990000021', text: 'Promemoria: domani alle 10', idempotencyKey: 'rem:21' },
    ]);
    expect(created).toBe(2);
    const rows = (await h.settle()).filter((m) => m.lane === 'reminder');
    expect(rows.map((m) => [m.recipient, m.status, m.provider])).toEqual([
      ['+393330000020', 'delivered', 'b'],
      ['+393990000021', 'failed', 'b'],
    ]);
    const history = await sql<{
      message_id: number;
      kind: string;
      provider: string | null;
      provider_message_id: string | null;
      detail: string | null;
    }>`
      SELECT message_id, kind, provider, provider_message_id, detail FROM notify_events
      WHERE message_id = ANY(${rows.map((m) => m.id)}::bigint[]) ORDER BY id`.execute(h.db);
    const of = (id: number | undefined) =>
      history.rows
        .filter((e) => e.message_id === id)
        .map((e) => [e.kind, e.provider, e.provider_message_id === null ? null : 'id', e.detail]);
    expect(of(rows[0]?.id)).toEqual([
      ['queued', null, null, null],
      ['submitted', 'b', 'id', null],
      ['delivered', 'b', 'id', 'receipt DELIVRD'],
    ]);
    expect(of(rows[1]?.id)).toEqual([
      ['queued', null, null, null],
      ['submitted', 'b', 'id', null],
      ['failed', 'b', 'id', 'receipt UNDELIV'],
    ]);
    expect(await metricValue(h.registry, 'notify_receipts_total', { provider: 'b', status: 'UNDELIV' })).toBe(1);
    expect(await h.registry.metrics()).toMatch(
      /notify_queued_to_delivered_seconds_count\{provider="b",lane="reminder"\} 1\n/,
    );
    // History is append-only: the application's role may not update it, and the trigger refuses even its owner.
    await expect(sql`UPDATE notify_events SET detail = 'x'`.execute(h.db)).rejects.toThrow(/permission denied/);
    await expect(ownerQuery(h.database, `UPDATE notify_events SET detail = 'x'`)).rejects.toThrow(/append-only/);
    h.sims.a.control.update({ outage: false });
  });
});
