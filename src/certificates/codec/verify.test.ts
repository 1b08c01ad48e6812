import { constants, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBase45 } from './base45.ts';
import { asTag, decodeCbor, encodeCbor, sigStructure, tagged } from './cbor.ts';
import { VACCINATION_PAYLOAD, testSigner } from '../../../test/support/certificates/codec-keys.ts';
import { ALG_ES256, ALG_PS256 } from './cose.ts';
import { encodeCwtClaims } from './cwt.ts';
import { decodeBase45, inflate, wrapHc1 } from './hc1.ts';
import { issueHc1 } from './issue.ts';
import { loadDccSchema } from './schema.ts';
import { DCC_KEY_USAGE_OIDS, dccKid } from './trust.ts';
import type { TrustedSigner, VerifyOptions } from './types.ts';
import { verifyHc1 } from './verify.ts';

const schema = loadDccSchema();
const ISSUED = new Date('2021-06-01T12:00:00Z');
const EXPIRES = new Date('2022-06-01T12:00:00Z');
const NOW = new Date('2021-07-01T12:00:00Z');
const { privateKey, signer } = testSigner();

function options(trust: TrustedSigner[] = [signer], extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { trust, clock: NOW, schema, ...extra };
}

function issue(payload: Record<string, unknown> = VACCINATION_PAYLOAD, key = privateKey, kid = signer.kid): string {
  return issueHc1(payload, { privateKey: key, kid, issuer: 'IT', issuedAt: ISSUED, expiresAt: EXPIRES });
}

/** Builds a COSE_Sign1 by hand, for header layouts and algorithms the issuer never produces. */
function handMade(opts: {
  protectedMap: Map<number, unknown>;
  unprotected?: Map<number, unknown>;
  sign: (data: Buffer) => Buffer;
  tag?: number[];
}): string {
  const payload = encodeCwtClaims({
    iss: 'IT',
    iat: ISSUED.getTime() / 1000,
    exp: EXPIRES.getTime() / 1000,
    hcert: VACCINATION_PAYLOAD,
  });
  const protectedBytes = encodeCbor(opts.protectedMap);
  const signature = opts.sign(sigStructure(protectedBytes, payload));
  let message: unknown = [protectedBytes, opts.unprotected ?? new Map(), payload, signature];
  for (const tag of opts.tag ?? []) message = tagged(message, tag);
  return wrapHc1(encodeCbor(message));
}

const es256 = (data: Buffer) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });

describe('verifyHc1', () => {
  it('accepts what issueHc1 produced, and returns the payload', () => {
    const hc1 = issue();
    expect(hc1.startsWith('HC1:')).toBe(true);
    expect(verifyHc1(hc1, options())).toEqual({
      valid: true,
      failed: null,
      reason: 'valid',
      payload: VACCINATION_PAYLOAD,
    });
  });

  it('accepts untagged messages and the CWT tag 61 around tag 18', () => {
    const untagged = handMade({
      protectedMap: new Map<number, unknown>([
        [1, ALG_ES256],
        [4, signer.kid],
      ]),
      sign: es256,
    });
    const cwt = handMade({
      protectedMap: new Map<number, unknown>([
        [1, ALG_ES256],
        [4, signer.kid],
      ]),
      sign: es256,
      tag: [18, 61],
    });
    expect(verifyHc1(untagged, options()).valid).toBe(true);
    expect(verifyHc1(cwt, options()).valid).toBe(true);
  });

  it('takes the kid from the protected header first, then the unprotected one', () => {
    const wrongKid = Buffer.from('wrongkid');
    const onlyUnprotected = handMade({
      protectedMap: new Map([[1, ALG_ES256]]),
      unprotected: new Map([[4, signer.kid]]),
      sign: es256,
    });
    const protectedWins = handMade({
      protectedMap: new Map<number, unknown>([
        [1, ALG_ES256],
        [4, wrongKid],
      ]),
      unprotected: new Map([[4, signer.kid]]),
      sign: es256,
    });
    expect(verifyHc1(onlyUnprotected, options()).valid).toBe(true);
    expect(verifyHc1(protectedWins, options())).toMatchObject({ valid: false, failed: 'kid' });
  });

  it('verifies PS256 (RSA-PSS, 32-byte salt)', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = randomBytes(32);
    const rsaSigner: TrustedSigner = { ...signer, der, kid: dccKid(der), publicKey: rsa.publicKey };
    const hc1 = handMade({
      protectedMap: new Map<number, unknown>([
        [1, ALG_PS256],
        [4, rsaSigner.kid],
      ]),
      sign: (data) =>
        sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
      tag: [18],
    });
    expect(verifyHc1(hc1, options([rsaSigner])).valid).toBe(true);
  });

  it('reports each failing step', () => {
    const hc1 = issue();
    const body = hc1.slice(4);
    expect(verifyHc1(body, options()).failed).toBe('prefix');
    expect(verifyHc1(`HC1:${body}=`, options()).failed).toBe('base45');
    expect(verifyHc1(`HC1:${encodeBase45(Buffer.from('not zlib'))}`, options()).failed).toBe('compression');
    expect(verifyHc1(`HC1:${encodeBase45(deflateSync(Buffer.from([0xff, 0x00])))}`, options()).failed).toBe('cose');
    expect(verifyHc1(hc1, options([testSigner().signer])).failed).toBe('kid');
    expect(verifyHc1(hc1, options([], {})).failed).toBe('kid');
    expect(verifyHc1(hc1, options([signer], { clock: new Date('2022-06-01T12:00:01Z') })).failed).toBe('expiry');
    // iat may lead the clock by the tolerated skew (inspect.ts), not more.
    expect(verifyHc1(hc1, options([signer], { clock: new Date('2021-06-01T11:54:59Z') })).failed).toBe('expiry');
    const testOnly: TrustedSigner = { ...signer, extendedKeyUsages: [DCC_KEY_USAGE_OIDS.t] };
    expect(verifyHc1(hc1, options([testOnly]))).toMatchObject({ failed: 'keyUsage', payload: VACCINATION_PAYLOAD });
    const noDob = Object.fromEntries(Object.entries(VACCINATION_PAYLOAD).filter(([key]) => key !== 'dob'));
    expect(verifyHc1(issue(noDob), options()).failed).toBe('schema');
    const refuse = () => ({ ok: false, reason: 'NOT_VALID: test' });
    expect(verifyHc1(hc1, options([signer], { rules: refuse }))).toMatchObject({
      failed: 'rules',
      reason: 'NOT_VALID: test',
    });
  });

  it('rejects a tampered signature and withholds the unauthenticated payload', () => {
    const wrongKey = testSigner().privateKey;
    const forged = issue(VACCINATION_PAYLOAD, wrongKey, signer.kid);
    expect(verifyHc1(forged, options())).toMatchObject({ valid: false, failed: 'signature', payload: null });
  });

  it('judges the DSC at iat: a certificate may outlive its DSC, not be signed after it', () => {
    // Issue 22: exp beyond the DSC notAfter was refused; the trust list decides whether the key is still trusted.
    const shortDsc: TrustedSigner = { ...signer, notAfter: new Date('2022-01-01T00:00:00Z') };
    expect(verifyHc1(issue(), options([shortDsc]))).toMatchObject({ valid: true });
    const expiredAtIat: TrustedSigner = { ...signer, notAfter: new Date('2021-06-01T11:00:00Z') };
    expect(verifyHc1(issue(), options([expiredAtIat]))).toMatchObject({ failed: 'expiry' });
  });

  it('never throws on malformed input', () => {
    const weird = [
      '',
      'HC1:',
      'HC1:%%%',
      `HC1:${encodeBase45(randomBytes(50))}`,
      `HC1:${encodeBase45(deflateSync(randomBytes(200)))}`,
      wrapHc1(encodeCbor([1, 2, 3, 4])),
      wrapHc1(encodeCbor(tagged([Buffer.alloc(0), new Map(), Buffer.from('x'), Buffer.alloc(64)], 18))),
      wrapHc1(encodeCbor(tagged('x', 99))),
      wrapHc1(
        encodeCbor([
          Buffer.alloc(0),
          new Map(),
          encodeCbor(
            new Map<number, unknown>([
              [4, 1e300],
              [-260, new Map([[1, {}]])],
            ]),
          ),
          Buffer.alloc(64),
        ]),
      ),
      wrapHc1(
        encodeCbor([
          Buffer.alloc(0),
          new Map(),
          encodeCbor(
            new Map<number, unknown>([
              [6, 'yesterday'],
              [-260, new Map([[1, {}]])],
            ]),
          ),
          Buffer.alloc(64),
        ]),
      ),
    ];
    // A DCC that contains itself, through CBOR shared references (tags 28 and 29).
    const cyclic = wrapHc1(
      encodeCbor([Buffer.alloc(0), new Map(), Buffer.from('a1390103a101d81c81d81d00', 'hex'), Buffer.alloc(64)]),
    );
    expect(verifyHc1(cyclic, options())).toMatchObject({
      valid: false,
      failed: 'cose',
      reason: expect.stringContaining('nested') as unknown,
    });
    for (const input of weird) {
      const result = verifyHc1(input, options());
      expect(result.valid, input).toBe(false);
      expect(typeof result.reason).toBe('string');
    }
  });

  it('issues a tagged COSE_Sign1 with alg and kid in the protected header', () => {
    const cose = decodeCbor(inflate(decodeBase45(issue().slice(4))));
    const tag = asTag(cose);
    expect(tag?.tag).toBe(18);
    const [protectedBytes, unprotected] = tag?.value as [Buffer, Map<number, unknown>];
    expect(decodeCbor(protectedBytes)).toEqual(
      new Map<number, unknown>([
        [1, ALG_ES256],
        [4, signer.kid],
      ]),
    );
    expect(unprotected.size).toBe(0);
  });
});
