/**
 * The code a holder receives by SMS to download a certificate without logging in
 * (as the Italian "AUTHCODE" did). Ten characters of Crockford base32: 50 random
 * bits, no I/L/O/U to misread, and typing "o" for "0" or "l" for "1" is forgiven.
 *
 * Only an scrypt hash is stored. 50 bits is too little against offline guessing
 * with a fast hash (a GPU tries ~10^10 SHA-256/s: a day per code); scrypt at
 * N=2^14 costs ~16 MiB and tens of milliseconds per guess, which makes that
 * impractical, while one check per download is cheap.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** A fresh code, shown as "ABCDE-12345". */
export function newRetrievalCode(random: (size: number) => Buffer = randomBytes): string {
  // 32 symbols: the low 5 bits of each byte are uniform, so no modulo bias.
  const chars = [...random(LENGTH)].map((byte) => ALPHABET.charAt(byte & 31)).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Canonical form of what a person typed, or null when it cannot be a code. */
export function normalizeRetrievalCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE_SHAPE.test(code) ? code : null;
}

/** "scrypt$N$r$p$salt$hash" (base64 parts), so the cost can rise later without breaking old rows. */
export async function hashRetrievalCode(code: string): Promise<string> {
  const normalized = normalizeRetrievalCode(code);
  if (normalized === null) throw new Error('not a retrieval code');
  const salt = randomBytes(16);
  const hash = await derive(normalized, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function retrievalCodeMatches(input: string, stored: string): Promise<boolean> {
  const code = normalizeRetrievalCode(input);
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (code === null || scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(code, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(code: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(code, salt, KEY_BYTES, { ...cost, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
