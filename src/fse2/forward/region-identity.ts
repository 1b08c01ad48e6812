import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The region's signing identity for the national Gateway: a key, its JWS algorithm and the x5c chain. */
export interface RegionIdentity {
  readonly key: KeyObject | webcrypto.CryptoKey;
  readonly alg: 'RS256' | 'ES256';
  /** DER base64, leaf first (the JWT's x5c header). */
  readonly x5c: readonly string[];
  readonly subject: string;
  readonly notAfter: Date;
  /** 'files': FSE2_REGION_CERT_FILE and FSE2_REGION_KEY_FILE; 'generated': the demo default. */
  readonly source: 'files' | 'generated';
}

export interface RegionIdentityFiles {
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

/** A start-up refusal: the files given cannot sign for the region (the message says which and why). */
export class RegionIdentityError extends Error {
  override readonly name = 'RegionIdentityError';
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegionIdentityError(`the region's ${what} ${path} cannot be read: ${reason}`);
  }
}

/**
 * The certificate (chain, leaf first) and private key from the national provisioning, as PEM files (the pattern of
 * the DCC's DSC files, src/certificates/keys.ts). Checked at start-up so that a wrong file stops the start rather
 * than every send: readable, the key matches the leaf, the leaf is valid now, an RSA or P-256 key.
 */
export function loadRegionIdentity(files: RegionIdentityFiles, now: Date = new Date()): RegionIdentity {
  const pems = read(files.certificatePath, 'certificate').match(PEM_CERTIFICATE) ?? [];
  if (pems.length === 0) throw new RegionIdentityError(`${files.certificatePath} holds no PEM certificate`);
  let chain: X509Certificate[];
  try {
    chain = pems.map((pem) => new X509Certificate(pem));
  } catch (error) {
    throw new RegionIdentityError(`${files.certificatePath} is not a valid certificate: ${String(error)}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(read(files.privateKeyPath, 'private key'));
  } catch (error) {
    if (error instanceof RegionIdentityError) throw error;
    throw new RegionIdentityError(`${files.privateKeyPath} is not a PEM private key: ${String(error)}`);
  }
  const [leaf] = chain;
  if (leaf === undefined) throw new RegionIdentityError(`${files.certificatePath} holds no certificate`);
  if (!leaf.checkPrivateKey(key)) {
    throw new RegionIdentityError(
      `the private key ${files.privateKeyPath} does not match the certificate ${files.certificatePath}`,
    );
  }
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new RegionIdentityError(
      `the certificate ${files.certificatePath} (${leaf.subject}) expired on ${notAfter.toISOString()}`,
    );
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new RegionIdentityError(
      `the certificate ${files.certificatePath} (${leaf.subject}) is valid only from ${notBefore.toISOString()}`,
    );
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type !== 'rsa' && !(type === 'ec' && curve === 'prime256v1')) {
    throw new RegionIdentityError(`the key ${files.privateKeyPath} is ${type ?? 'unknown'}: RSA or EC P-256 expected`);
  }
  return {
    key,
    alg: type === 'rsa' ? 'RS256' : 'ES256',
    x5c: chain.map((c) => c.raw.toString('base64')),
    subject: leaf.subject.replaceAll('\n', ', '),
    notAfter,
    source: 'files',
  };
}

const DEMO_ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

/**
 * The demo default: a key and a self-signed certificate made at start-up (1 day), which no national Gateway
 * trusts. Production configures the provisioned files (config.ts refuses to forward without them outside demo).
 */
export async function generatedRegionIdentity(issuer: string): Promise<RegionIdentity> {
  await import('reflect-metadata'); // @peculiar/x509's tsyringe needs it first (see certificates/keys.ts)
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const keys = await webcrypto.subtle.generateKey(DEMO_ALG, false, ['sign', 'verify']);
  const now = Date.now();
  const notAfter = new Date(now + 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${issuer}`,
    notBefore: new Date(now - 3_600_000),
    notAfter,
    keys,
    signingAlgorithm: DEMO_ALG,
  });
  return {
    key: keys.privateKey,
    alg: 'RS256',
    x5c: [Buffer.from(cert.rawData).toString('base64')],
    subject: `CN=${issuer}`,
    notAfter,
    source: 'generated',
  };
}
