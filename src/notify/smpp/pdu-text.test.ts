import { describe, expect, it } from 'vitest';
import { SubmitError } from './errors.ts';
import { decodedText, relativeTime, textFields, toSmppNumber, toSourceAddress } from './pdu-text.ts';

describe('submit_sm fields', () => {
  it('writes E.164 numbers without the plus and refuses what is not one', () => {
    expect(toSmppNumber('+393331234567')).toBe('393331234567');
    expect(toSmppNumber('393331234567')).toBe('393331234567');
    for (const bad of ['03331234567', '+39 333 1234567', '+3933312345678901', '12345', '']) {
      expect(() => toSmppNumber(bad)).toThrow(SubmitError);
    }
  });

  it('sends a name as alphanumeric and a number as international', () => {
    expect(toSourceAddress('Salus')).toEqual({ source_addr: 'Salus', source_addr_ton: 5, source_addr_npi: 0 });
    expect(toSourceAddress('+390212345678')).toEqual({
      source_addr: '390212345678',
      source_addr_ton: 1,
      source_addr_npi: 1,
    });
    expect(() => toSourceAddress('RegioneLombardia')).toThrow(/1-11/);
  });

  it('keeps one-SMS texts in short_message and moves longer ones to message_payload', () => {
    expect(textFields('a'.repeat(160))).toEqual({ short_message: 'a'.repeat(160) });
    expect(textFields('a'.repeat(161))).toEqual({ message_payload: 'a'.repeat(161) });
    // UCS-2 takes two octets a character: 70 fit in 140, 71 do not.
    expect(textFields('€'.repeat(70))).toHaveProperty('short_message');
    expect(textFields('你'.repeat(71))).toHaveProperty('message_payload');
  });

  it('refuses empty and oversized texts as permanent', () => {
    expect(() => textFields('')).toThrow(
      expect.objectContaining({ kind: 'permanent', reason: 'invalid_request' }) as Error,
    );
    expect(() => textFields('a'.repeat(2_001))).toThrow(/1-2000 octets/);
  });

  it('reads decoded, raw and absent message fields', () => {
    expect(decodedText({ message: 'ciao' })).toBe('ciao');
    expect(decodedText({ message: Buffer.from('ciao') })).toBe('ciao');
    expect(decodedText(Buffer.from('ciao'))).toBe('ciao');
    expect(decodedText('ciao')).toBe('ciao');
    expect(decodedText(undefined)).toBe('');
  });

  it('writes a validity period as an SMPP relative time in whole seconds', () => {
    expect(relativeTime(600_000)).toBe('000000001000000R'); // 10 minutes
    expect(relativeTime(86_400_000 + 3_661_000)).toBe('000001010101000R'); // 1 d 1 h 1 min 1 s
    expect(relativeTime(0)).toBe('000000000001000R'); // never below 1 s
  });
});
