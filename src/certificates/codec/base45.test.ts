import { describe, expect, it } from 'vitest';
import { Base45Error, decodeBase45, encodeBase45 } from './base45.ts';

// Examples from RFC 9285 §4.
const EXAMPLES: [string, string][] = [
  ['AB', 'BB8'],
  ['Hello!!', '%69 VD92EX0'],
  ['base-45', 'UJCLQE7W581'],
  ['ietf!', 'QED8WEX0'],
];

describe('Base45', () => {
  it.each(EXAMPLES)('encodes and decodes %j', (text, encoded) => {
    expect(encodeBase45(Buffer.from(text))).toBe(encoded);
    expect(decodeBase45(encoded).toString()).toBe(text);
  });

  it('round-trips all byte values', () => {
    const bytes = Buffer.from(Array.from({ length: 257 }, (_, i) => i % 256));
    expect(decodeBase45(encodeBase45(bytes))).toEqual(bytes);
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => decodeBase45('BB8=')).toThrow(Base45Error);
    expect(() => decodeBase45('bb8')).toThrow(/invalid Base45 character/);
  });

  it('rejects overflowing triplets and pairs', () => {
    // "GGW" = 16 + 16·45 + 32·45² = 65536, one past the largest 16-bit value.
    expect(() => decodeBase45('GGW')).toThrow(/overflows/);
    // ":6" = 44 + 6·45 = 314 > 255.
    expect(() => decodeBase45(':6')).toThrow(/overflows/);
  });

  it('rejects a dangling single character', () => {
    expect(() => decodeBase45('BB8A')).toThrow(/length/);
  });
});
