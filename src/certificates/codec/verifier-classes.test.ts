/**
 * The classes of valid foreign certificates the verifier used to refuse (issue 22),
 * each built by the codec itself: a skewed iat, exp beyond the DSC, 1.0.0 payloads,
 * PS256 keys, the kid in the unprotected header and several DSCs sharing one kid.
 */
import { describe, expect, it } from 'vitest';
import { VACCINATION_PAYLOAD, testSigner } from '../../../test/support/certificates/codec-keys.ts';
import { signCoseSign1 } from './cose.ts';
import { encodeCwtClaims } from './cwt.ts';
import { wrapHc1 } from './hc1.ts';
import { IAT_CLOCK_SKEW_SECONDS } from './inspect.ts';
import { issueHc1 } from './issue.ts';
import { loadDccSchema } from './schema.ts';
import type { TrustedSigner } from './types.ts';
import { verifyHc1 } from './verify.ts';

const ISSUED = new Date('2021-06-01T10:00:00Z');
const EXPIRES = new Date('2022-06-01T10:00:00Z');
const schema = loadDccSchema(undefined, { formats: 'annotate' });

function verify(hc1: string, trust: readonly TrustedSigner[], clock = new Date('2021-06-02T10:00:00Z')) {
  return verifyHc1(hc1, { trust, clock, schema });
}

describe('iat ahead of the validation clock', () => {
  const { privateKey, signer } = testSigner();
  // An iat with milliseconds, as some issuers write it (RFC 8392 NumericDate may be a float).
  const withIat = (iat: number) =>
    wrapHc1(
      signCoseSign1(
        encodeCwtClaims({ iss: 'IT', iat, exp: EXPIRES.getTime() / 1000, hcert: VACCINATION_PAYLOAD }),
        signer.kid,
        privateKey,
      ),
    );

  it('accepts an iat less than a second after a clock of second precision', () => {
    const clock = new Date('2021-06-01T10:00:00Z');
    expect(verify(withIat(clock.getTime() / 1000 + 0.731), [signer], clock)).toMatchObject({ valid: true });
  });

  it('refuses an iat clearly in the future', () => {
    const clock = new Date('2021-06-01T10:00:00Z');
    const result = verify(withIat(clock.getTime() / 1000 + IAT_CLOCK_SKEW_SECONDS + 1), [signer], clock);
    expect(result).toMatchObject({ valid: false, failed: 'expiry' });
    expect(result.reason).toContain('issued in the future');
  });
});

describe('validity of the DSC', () => {
  it('accepts an exp beyond the DSC notAfter when the DSC was valid at iat', () => {
    const { privateKey, signer } = testSigner({ notAfter: new Date('2021-12-31T00:00:00Z') });
    const hc1 = issueHc1(VACCINATION_PAYLOAD, {
      privateKey,
      kid: signer.kid,
      issuer: 'IT',
      issuedAt: ISSUED,
      expiresAt: EXPIRES,
    });
    expect(verify(hc1, [signer])).toMatchObject({ valid: true });
  });

  it('refuses a certificate signed after its DSC expired', () => {
    const { privateKey, signer } = testSigner({ notAfter: new Date('2021-05-31T00:00:00Z') });
    const hc1 = issueHc1(VACCINATION_PAYLOAD, {
      privateKey,
      kid: signer.kid,
      issuer: 'IT',
      issuedAt: ISSUED,
      expiresAt: EXPIRES,
    });
    const result = verify(hc1, [signer]);
    expect(result).toMatchObject({ valid: false, failed: 'expiry' });
    expect(result.reason).toContain('expired DSC');
  });
});

describe('schema chosen by ver', () => {
  const { privateKey, signer } = testSigner();
  const [entry] = VACCINATION_PAYLOAD.v;
  const twoDoses = {
    ...VACCINATION_PAYLOAD,
    ver: '1.0.0',
    v: [
      { ...entry, dn: 1, dt: '2021-03-10T00:00:00Z' },
      { ...entry, dn: 2, dt: '2021-04-10T00:00:00Z' },
    ],
  };
  const issue = (payload: Record<string, unknown>) =>
    issueHc1(payload, { privateKey, kid: signer.kid, issuer: 'NL', issuedAt: ISSUED, expiresAt: EXPIRES });

  it('accepts a 1.0.0 payload with two vaccination entries and a date-time in dt', () => {
    const result = verify(issue(twoDoses), [signer]);
    expect(result).toMatchObject({ valid: true });
    expect(schema(twoDoses).reason).toBe('schema 1.0.0');
  });

  it('still refuses two entries under 1.3.0, and a partial dob under 1.0.0', () => {
    expect(verify(issue({ ...twoDoses, ver: '1.3.0' }), [signer])).toMatchObject({ valid: false, failed: 'schema' });
    expect(verify(issue({ ...VACCINATION_PAYLOAD, ver: '1.0.0', dob: '1963' }), [signer])).toMatchObject({
      valid: false,
      failed: 'schema',
    });
    expect(schema({ ...VACCINATION_PAYLOAD, ver: '1.2.1' }).reason).toBe('schema 1.2.1');
    expect(schema({ ...VACCINATION_PAYLOAD, ver: '1.1.0' }).reason).toBe('schema 1.2.1');
  });
});

describe('keys and kids', () => {
  it('verifies PS256 (RSA) certificates, kid in either header', () => {
    const { privateKey, signer } = testSigner({ rsa: true });
    for (const kidIn of ['protected', 'unprotected'] as const) {
      const hc1 = issueHc1(VACCINATION_PAYLOAD, {
        privateKey,
        kid: signer.kid,
        issuer: 'CH',
        issuedAt: ISSUED,
        expiresAt: EXPIRES,
        kidIn,
      });
      expect(verify(hc1, [signer]), kidIn).toMatchObject({ valid: true });
    }
  });

  it('tries every DSC that shares the kid', () => {
    const shared = Buffer.from('one DER stands for both, so both get the same kid');
    const other = testSigner({ der: shared });
    const real = testSigner({ der: shared, rsa: true });
    expect(other.signer.kid.equals(real.signer.kid)).toBe(true);
    const hc1 = issueHc1(VACCINATION_PAYLOAD, {
      privateKey: real.privateKey,
      kid: real.signer.kid,
      issuer: 'LT',
      issuedAt: ISSUED,
      expiresAt: EXPIRES,
    });
    expect(verify(hc1, [other.signer, real.signer])).toMatchObject({ valid: true });
    expect(verify(hc1, [other.signer])).toMatchObject({ valid: false, failed: 'signature' });
  });

  it('prefers, among DSCs with the same key and kid, the one valid at iat and allowed the type', () => {
    const { privateKey, signer } = testSigner();
    const expired = { ...signer, notAfter: new Date('2021-01-02T00:00:00Z') };
    const testsOnly = { ...signer, extendedKeyUsages: ['1.3.6.1.4.1.1847.2021.1.1'] };
    const hc1 = issueHc1(VACCINATION_PAYLOAD, {
      privateKey,
      kid: signer.kid,
      issuer: 'IT',
      issuedAt: ISSUED,
      expiresAt: EXPIRES,
    });
    expect(verify(hc1, [expired, testsOnly, signer])).toMatchObject({ valid: true });
    expect(verify(hc1, [expired])).toMatchObject({ valid: false, failed: 'expiry' });
    expect(verify(hc1, [testsOnly])).toMatchObject({ valid: false, failed: 'keyUsage' });
  });
});
