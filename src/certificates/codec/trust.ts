/** Document Signer Certificates (DSC) as trust anchors, keyed by the DCC kid. */
import { X509Certificate, createHash } from 'node:crypto';
import type { CertificateType, TrustedSigner } from './types.ts';

/** The DCC kid: first 8 bytes of SHA-256 over the DER certificate. */
export function dccKid(der: Uint8Array): Buffer {
  return createHash('sha256').update(der).digest().subarray(0, 8);
}

/** Accepts a PEM certificate, or base64 DER (one line, as in trust lists), or DER bytes. */
export function loadTrustedSigner(input: string | Uint8Array): TrustedSigner {
  const der = typeof input === 'string' ? derFromText(input) : Buffer.from(input);
  const cert = new X509Certificate(der);
  return {
    kid: dccKid(der),
    der,
    publicKey: cert.publicKey,
    notBefore: cert.validFromDate,
    notAfter: cert.validToDate,
    extendedKeyUsages: extendedKeyUsagesOf(cert),
  };
}

/**
 * Node calls the extended key usage OIDs "keyUsage", and leaves the property
 * undefined (despite its typings) when the certificate has no such extension.
 */
function extendedKeyUsagesOf(cert: X509Certificate): string[] {
  const oids: unknown = Reflect.get(cert, 'keyUsage');
  return Array.isArray(oids) ? oids.filter((oid): oid is string => typeof oid === 'string') : [];
}

function derFromText(text: string): Buffer {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text);
  const body = (pem?.[1] ?? text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw new Error('certificate is neither PEM nor base64 DER');
  return Buffer.from(body, 'base64');
}

export function findSigners(trust: readonly TrustedSigner[], kid: Uint8Array): TrustedSigner[] {
  return trust.filter((signer) => signer.kid.equals(kid));
}

// DCC extended key usage OIDs (eHN DCC technical specification vol. 1, §5.1.1).
// Some issuers used the mistyped variant with an extra ".0" arc, which verifiers
// (and the upstream test harness) accept as equivalent.
const OID_PREFIXES = ['1.3.6.1.4.1.1847.2021.1.', '1.3.6.1.4.1.0.1847.2021.1.'];
const TYPE_BY_SUFFIX: Record<string, CertificateType> = { '1': 't', '2': 'v', '3': 'r' };

export const DCC_KEY_USAGE_OIDS = {
  t: '1.3.6.1.4.1.1847.2021.1.1',
  v: '1.3.6.1.4.1.1847.2021.1.2',
  r: '1.3.6.1.4.1.1847.2021.1.3',
} as const;

/** Certificate types a DSC may sign: all of them when it carries no DCC OID. */
export function allowedTypes(extendedKeyUsages: readonly string[]): Set<CertificateType> {
  const allowed = new Set<CertificateType>();
  for (const oid of extendedKeyUsages) {
    const prefix = OID_PREFIXES.find((p) => oid.startsWith(p));
    const type = prefix === undefined ? undefined : TYPE_BY_SUFFIX[oid.slice(prefix.length)];
    if (type) allowed.add(type);
  }
  return allowed.size === 0 ? new Set(['v', 't', 'r']) : allowed;
}
