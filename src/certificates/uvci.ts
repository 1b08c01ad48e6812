/**
 * Unique Vaccination Certificate/assertion Identifiers (UVCI), eHealth Network
 * "Guidelines on verifiable vaccination certificates", Annex 2:
 *
 *   URN:UVCI:01:IT:<opaque unique string>#<check character>
 *
 * The check character is Luhn mod N over the character set of the UVCI
 * ("A"-"Z", "0"-"9", "/", ":"; N = 38), computed over the whole string before
 * "#", including the "URN:UVCI:" prefix. That is what the EU reference code does
 * (eu-dcc-schema examples/Luhn-Mod-N, and the EU DgciGenerator), and what the
 * Austrian and Lithuanian issuers' test vectors carry (see uvci.test.ts).
 */
import { randomBytes } from 'node:crypto';

export const UVCI_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';
const N = UVCI_CHARSET.length;
const PREFIX = 'URN:UVCI:';
const VERSION = '01';
// The DCC schema bounds `ci` to 80 characters.
const MAX_LENGTH = 80;
const SHAPE = /^URN:UVCI:01:([A-Z]{2}):([A-Z0-9]+(?:\/[A-Z0-9]+)*)#([A-Z0-9/:])$/;

/** RFC 4648 base32: every character is in the UVCI set, and no padding is needed for our use. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// 128 random bits → 26 characters: collisions are out of reach however many we issue,
// and the whole UVCI (43 characters) stays short enough for a printed line.
const OPAQUE_BYTES = 16;

export type UvciParts = { version: '01'; country: string; opaque: string; check: string };

/** The Luhn mod 38 check character of `text`. Throws on a character outside the UVCI set. */
export function uvciCheckCharacter(text: string): string {
  let factor = 2;
  let sum = 0;
  // From the right: the rightmost character is doubled, since the check character will follow it.
  for (let i = text.length - 1; i >= 0; i--) {
    const codePoint = UVCI_CHARSET.indexOf(text.charAt(i));
    if (codePoint < 0) throw new Error(`character ${JSON.stringify(text.charAt(i))} is not allowed in a UVCI`);
    const addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    // Digits of the addend in base N: the quotient is 0 or 1.
    sum += Math.floor(addend / N) + (addend % N);
  }
  return UVCI_CHARSET.charAt((N - (sum % N)) % N);
}

/** A new random UVCI for `country` (ISO 3166-1 alpha-2), with its check character. */
export function newUvci(country = 'IT', random: (size: number) => Buffer = randomBytes): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`country ${JSON.stringify(country)} is not ISO 3166-1 alpha-2`);
  const body = `${PREFIX}${VERSION}:${country}:${base32(random(OPAQUE_BYTES))}`;
  return `${body}#${uvciCheckCharacter(body)}`;
}

/** Splits a UVCI in Salus's form, or returns null when its shape, length or check character is wrong. */
export function parseUvci(text: string): UvciParts | null {
  if (text.length > MAX_LENGTH) return null;
  const match = SHAPE.exec(text);
  if (!match) return null;
  const [, country = '', opaque = '', check = ''] = match;
  if (uvciCheckCharacter(text.slice(0, -2)) !== check) return null;
  return { version: VERSION, country, opaque, check };
}

export function isValidUvci(text: string): boolean {
  return parseUvci(text) !== null;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((buffer >> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32.charAt((buffer << (5 - bits)) & 31);
  return out;
}
