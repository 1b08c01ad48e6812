import { describe, expect, it } from 'vitest';
import { validateMessage, type MessageInput } from './enqueue.ts';

const ok: MessageInput = { lane: 'otp', to: '333 123 4567', text: 'Codice Salus: 482913', idempotencyKey: 'k1' };

describe('outbox input', () => {
  it('normalises Italian mobiles to E.164 and applies the lane validity', () => {
    expect(validateMessage(ok)).toMatchObject({ recipient: '+393331234567', validityS: 600, lane: 'otp' });
    expect(validateMessage({ ...ok, lane: 'bulk', to: '0044 7700 900123' })).toMatchObject({
      recipient: '+447700900123',
      validityS: 86_400,
    });
  });

  it.each([
    [{ to: '12345' }, 'registry.phone_invalid', '/to'],
    [{ to: '+39 06 1234567' }, 'registry.phone_invalid', '/to'], // a landline cannot get an SMS
    [{ text: '' }, 'notify.text_invalid', '/text'],
    [{ text: 'x'.repeat(2_001) }, 'notify.text_invalid', '/text'],
    [{ idempotencyKey: '' }, 'notify.idempotency_key_invalid', '/idempotencyKey'],
    [{ lane: 'urgent' as MessageInput['lane'] }, 'notify.lane_invalid', '/lane'],
    [{ validitySeconds: 0 }, 'notify.validity_invalid', '/validitySeconds'],
  ])('refuses %j with %s', (change, code, field) => {
    expect(() => validateMessage({ ...ok, ...change })).toThrow(
      expect.objectContaining({ kind: 'validation', code, fields: [expect.objectContaining({ field })] }),
    );
  });
});
