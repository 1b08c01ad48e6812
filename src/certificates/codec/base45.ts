/**
 * Base45 (RFC 9285), written here rather than taken from the `base45` npm package
 * because that package accepts invalid characters and overflowing triplets
 * silently, and the DCC test vector B1 requires both to be rejected.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE_OF = new Map<string, number>(Array.from({ length: 45 }, (_, index) => [ALPHABET.charAt(index), index]));

export class Base45Error extends Error {}

export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    // Two bytes become three digits, least significant first.
    const n = (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
    out += digit(n % 45) + digit(Math.floor(n / 45) % 45) + digit(Math.floor(n / 2025));
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] ?? 0;
    out += digit(n % 45) + digit(Math.floor(n / 45));
  }
  return out;
}

export function decodeBase45(text: string): Buffer {
  if (text.length % 3 === 1) {
    throw new Base45Error(`invalid Base45 length ${text.length}`);
  }
  const out = Buffer.alloc(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    if (i + 2 < text.length) {
      const n = value(text, i) + value(text, i + 1) * 45 + value(text, i + 2) * 2025;
      if (n > 0xffff) throw new Base45Error(`Base45 triplet at ${i} overflows (${n})`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = value(text, i) + value(text, i + 1) * 45;
      if (n > 0xff) throw new Base45Error(`Base45 final pair overflows (${n})`);
      out[o++] = n;
    }
  }
  return out;
}

function digit(n: number): string {
  return ALPHABET.charAt(n);
}

function value(text: string, index: number): number {
  const char = text.charAt(index);
  const v = VALUE_OF.get(char);
  if (v === undefined) throw new Base45Error(`invalid Base45 character ${JSON.stringify(char)} at ${index}`);
  return v;
}
