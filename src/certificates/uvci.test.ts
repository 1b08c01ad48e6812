import { describe, expect, it } from 'vitest';
import { UVCI_CHARSET, isValidUvci, newUvci, parseUvci, uvciCheckCharacter } from './uvci.ts';

/**
 * UVCIs written by other issuers' software, copied from the upstream dgc-testdata
 * vectors in ../shared/testdata/dcc (AT/2DCode/raw/*.json, LT/2DCode/raw/*.json).
 * Two member states, two independent implementations, both computing the check
 * over the full string including "URN:UVCI:".
 */
const ISSUED_ELSEWHERE = [
  'URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B',
  'URN:UVCI:01:AT:71EE2559DE38C6BF7304FB65A1A451EC#3',
  'URN:UVCI:01:AT:858CC18CFCF5965EF82F60E493349AA5#K',
  'URN:UVCI:01:AT:B5921A35D6A0D696421B3E2462178297#I',
  'URN:UVCI:01:LT:1227GNXXUEM92NY8J44JW#0',
  'URN:UVCI:01:LT:127BK2R6GHFDT97YW7WGH#7',
  'URN:UVCI:01:LT:199Q1MHH8XKRQSDXIFBM0#B',
  'URN:UVCI:01:LT:52XS0XYHKD042D66RJJRT#I',
];

describe('UVCI check character (Luhn mod 38)', () => {
  it('matches the check characters of UVCIs issued by Austria and Lithuania', () => {
    for (const uvci of ISSUED_ELSEWHERE) {
      expect(uvciCheckCharacter(uvci.slice(0, -2)), uvci).toBe(uvci.slice(-1));
      expect(isValidUvci(uvci), uvci).toBe(true);
    }
  });

  it('works by hand on a short input', () => {
    // "A1": code points A=0, 1=27. From the right: 2×27 = 54 = 1·38 + 16 → 1 + 16 = 17;
    // then 1×0 = 0. Sum 17; check = (38 − 17) mod 38 = 21 → "V".
    expect(uvciCheckCharacter('A1')).toBe('V');
    expect(UVCI_CHARSET).toHaveLength(38);
  });

  it('catches every single-character substitution', () => {
    const uvci = ISSUED_ELSEWHERE[0] ?? '';
    const body = uvci.slice(0, -2);
    for (let i = 'URN:UVCI:01:AT:'.length; i < body.length; i++) {
      for (const c of UVCI_CHARSET) {
        if (c === body[i] || c === ':' || c === '/') continue;
        const typo = `${body.slice(0, i)}${c}${body.slice(i + 1)}${uvci.slice(-2)}`;
        expect(isValidUvci(typo), typo).toBe(false);
      }
    }
  });

  it('catches adjacent transpositions of distinct characters', () => {
    const uvci = ISSUED_ELSEWHERE[4] ?? '';
    const start = 'URN:UVCI:01:LT:'.length;
    for (let i = start; i < uvci.length - 3; i++) {
      const a = uvci.charAt(i);
      const b = uvci.charAt(i + 1);
      if (a === b) continue;
      const swapped = `${uvci.slice(0, i)}${b}${a}${uvci.slice(i + 2)}`;
      expect(isValidUvci(swapped), swapped).toBe(false);
    }
  });

  it('refuses characters outside the UVCI set', () => {
    expect(() => uvciCheckCharacter('URN:UVCI:01:IT:abc')).toThrow(/not allowed/);
  });
});

describe('newUvci', () => {
  it('makes unique, valid Italian UVCIs of 43 characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const uvci = newUvci();
      expect(uvci).toMatch(/^URN:UVCI:01:IT:[A-Z2-7]{26}#[A-Z0-9/:]$/);
      expect(isValidUvci(uvci)).toBe(true);
      seen.add(uvci);
    }
    expect(seen.size).toBe(2_000);
  });

  it('encodes all 128 random bits (base32, RFC 4648)', () => {
    expect(newUvci('IT', (n) => Buffer.alloc(n, 0))).toMatch(/^URN:UVCI:01:IT:A{26}#/);
    // 0xFF… → 25 × "7" and a last character holding the remaining 3 bits ("4" = 11100).
    expect(newUvci('IT', (n) => Buffer.alloc(n, 0xff))).toMatch(/^URN:UVCI:01:IT:7{25}4#/);
  });

  it('refuses a country that is not two capital letters', () => {
    expect(() => newUvci('ita')).toThrow(/ISO 3166/);
  });
});

describe('parseUvci', () => {
  it('splits a valid UVCI', () => {
    expect(parseUvci('URN:UVCI:01:LT:1227GNXXUEM92NY8J44JW#0')).toEqual({
      version: '01',
      country: 'LT',
      opaque: '1227GNXXUEM92NY8J44JW',
      check: '0',
    });
  });

  it('accepts "/" between opaque segments, as the guidelines allow', () => {
    const body = 'URN:UVCI:01:IT:PHARMACY42/7QX2M';
    expect(parseUvci(`${body}#${uvciCheckCharacter(body)}`)?.opaque).toBe('PHARMACY42/7QX2M');
  });

  it('rejects wrong shapes, lengths and check characters', () => {
    const good = newUvci();
    const wrongCheck = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      wrongCheck,
      good.toLowerCase(),
      good.slice(0, -2), // no check character
      good.replace('URN:UVCI:', ''), // Salus always writes the prefix
      good.replace(':01:', ':02:'),
      good.replace(':IT:', ':ITA:'),
      'URN:UVCI:01:IT:#A',
      'URN:UVCI:01:IT:A//B#A',
      `URN:UVCI:01:IT:${'A'.repeat(70)}#A`,
      '',
    ]) {
      expect(parseUvci(bad), bad).toBeNull();
    }
  });
});
