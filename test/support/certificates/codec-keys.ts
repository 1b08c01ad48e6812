/** Test helpers: an in-memory P-256 signer, without X.509, so codec tests stay self-contained. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { dccKid } from '../../../src/certificates/codec/trust.ts';
import type { TrustedSigner } from '../../../src/certificates/codec/types.ts';

export function testSigner(
  options: { ekus?: string[]; notBefore?: Date; notAfter?: Date; rsa?: boolean; der?: Buffer } = {},
): {
  privateKey: KeyObject;
  signer: TrustedSigner;
} {
  const { privateKey, publicKey } = options.rsa
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // Stand-in for the DER certificate: only its hash (the kid) matters to the codec.
  const der = options.der ?? randomBytes(64);
  return {
    privateKey,
    signer: {
      kid: dccKid(der),
      der,
      publicKey,
      notBefore: options.notBefore ?? new Date('2021-01-01T00:00:00Z'),
      notAfter: options.notAfter ?? new Date('2031-01-01T00:00:00Z'),
      extendedKeyUsages: options.ekus ?? [],
    },
  };
}

export const VACCINATION_PAYLOAD = {
  ver: '1.3.0',
  nam: { fn: 'Rossi', fnt: 'ROSSI', gn: 'Maria Grazia', gnt: 'MARIA<GRAZIA' },
  dob: '1941-03-15',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-04-10',
      co: 'IT',
      is: 'Ministero della Salute',
      ci: 'URN:UVCI:01:IT:8F5D1C2B9A6E4B7C8D9E0F1A2B3C4D5E#Q',
    },
  ],
};
