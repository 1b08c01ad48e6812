import { describe, expect, it } from 'vitest';
import { hashRetrievalCode, newRetrievalCode, normalizeRetrievalCode, retrievalCodeMatches } from './retrieval-code.ts';

describe('retrieval codes', () => {
  it('are ten Crockford base32 characters in two groups, and differ each time', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newRetrievalCode()));
    expect(codes.size).toBe(500);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('forgive case, spaces, dashes and the usual look-alikes', () => {
    expect(normalizeRetrievalCode(' ab0cd - 1efgh ')).toBe('AB0CD1EFGH');
    expect(normalizeRetrievalCode('abocdlefgh')).toBe('AB0CD1EFGH');
    expect(normalizeRetrievalCode('ABCDEFGHJ')).toBeNull(); // nine characters
    expect(normalizeRetrievalCode('ABCDEFGHJU')).toBeNull(); // U is not in the alphabet
  });

  it('are stored as a salted scrypt hash that only the right code matches', async () => {
    const code = newRetrievalCode();
    const stored = await hashRetrievalCode(code);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(code.replace('-', ''));
    expect(await hashRetrievalCode(code)).not.toBe(stored);
    expect(await retrievalCodeMatches(code.toLowerCase().replace('-', ' '), stored)).toBe(true);
    const other = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
    expect(await retrievalCodeMatches(other, stored)).toBe(false);
    expect(await retrievalCodeMatches('not a code', stored)).toBe(false);
    expect(await retrievalCodeMatches(code, 'bcrypt$whatever')).toBe(false);
  });
});
