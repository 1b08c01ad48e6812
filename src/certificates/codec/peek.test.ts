import { describe, expect, it } from 'vitest';
import { decodeHc1Unverified } from './peek.ts';
import { issueHc1 } from './issue.ts';
import { generateKeyPairSync } from 'node:crypto';

describe('decodeHc1Unverified', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const payload = { ver: '1.3.0', nam: { fnt: 'ROSSI' }, dob: '1950-01-01', t: [{ ci: 'URN:UVCI:01:IT:A#B' }] };
  const now = new Date();
  const hc1 = issueHc1(payload, { privateKey, kid: Buffer.alloc(8), issuer: 'IT', issuedAt: now, expiresAt: now });

  it('reads the payload of any well-formed HC1 string, whoever signed it', () => {
    expect(decodeHc1Unverified(hc1)).toEqual(payload);
  });

  it('returns null for anything that does not decode', () => {
    for (const text of ['', 'hello', 'HC1:', 'HC1:!!', 'HC1:6BF', hc1.slice(0, 60)]) {
      expect(decodeHc1Unverified(text), text).toBeNull();
    }
  });
});
