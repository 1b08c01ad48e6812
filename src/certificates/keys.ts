/**
 * Signing keys of Salus's DCC issuer, and its trust list.
 *
 * Development: a CSCA and a DSC (ECDSA P-256) are generated on first use into
 * `<dataDir>/keys/` and reused afterwards. Production: PEM files provisioned by
 * the national backend are loaded with loadSigningKeys().
 */
import { createHash, createPrivateKey, randomBytes, sign, verify, webcrypto } from 'node:crypto';
import type { KeyObject, webcrypto as WebCrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';
import { DCC_KEY_USAGE_OIDS, loadTrustedSigner } from './codec/index.ts';
import type { TrustedSigner } from './codec/index.ts';

export type SigningKeys = {
  privateKey: KeyObject;
  signer: TrustedSigner;
  /** ISO 3166 code used as CWT issuer and trust-list country. */
  country: string;
};

export type TrustListEntry = {
  kid: string;
  country: string;
  certificateType: 'DSC';
  timestamp: string;
  thumbprint: string;
  rawData: string;
};

const DEV_COUNTRY = 'IT';
const CSCA_KEY = 'csca.key.pem';
const CSCA_CERT = 'csca.cert.pem';
const DSC_KEY = 'dsc.key.pem';
const DSC_CERT = 'dsc.cert.pem';
// Document signers of every rotation stay trusted while their certificates live.
const DSC_CERT_PATTERN = /^dsc.*\.cert\.pem$/;
const DAY_MS = 86_400_000;

export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

/** Loads the development keys from `<dataDir>/keys/`, generating them on first use. */
export async function loadOrCreateDevKeys(dataDir: string): Promise<SigningKeys> {
  const dir = keysDir(dataDir);
  if (!existsSync(join(dir, DSC_CERT))) await generateDevKeys(dir);
  return loadSigningKeys({ certificatePath: join(dir, DSC_CERT), privateKeyPath: join(dir, DSC_KEY) });
}

/** Production: a DSC certificate and its private key, both PEM files. */
export function loadSigningKeys(
  paths: { certificatePath: string; privateKeyPath: string },
  country = DEV_COUNTRY,
): SigningKeys {
  const signer = loadTrustedSigner(readFileSync(paths.certificatePath, 'utf8'));
  const privateKey = createPrivateKey(readFileSync(paths.privateKeyPath, 'utf8'));
  // Catch a mismatched key/certificate pair now rather than at the first verification.
  const probe = Buffer.from('salus-key-check');
  if (!verify('sha256', probe, signer.publicKey, sign('sha256', probe, privateKey))) {
    throw new Error(`private key ${paths.privateKeyPath} does not match certificate ${paths.certificatePath}`);
  }
  return { privateKey, signer, country };
}

/** Salus's own trust list: every DSC certificate in `<dataDir>/keys/`, generating dev keys if none. */
export async function loadOwnTrust(dataDir: string): Promise<TrustedSigner[]> {
  const dir = keysDir(dataDir);
  if (!existsSync(join(dir, DSC_CERT))) await generateDevKeys(dir);
  return readdirSync(dir)
    .filter((name) => DSC_CERT_PATTERN.test(name))
    .sort()
    .map((name) => loadTrustedSigner(readFileSync(join(dir, name), 'utf8')));
}

/** The development CSCA certificate (DER), if Salus generated one; production is given only its DSC. */
export function loadOwnCsca(dataDir: string): Buffer | null {
  const path = join(keysDir(dataDir), CSCA_CERT);
  return existsSync(path) ? loadTrustedSigner(readFileSync(path, 'utf8')).der : null;
}

/** Trust list in the format of the EU DCC Gateway's `/trustList/DSC` answer. */
export function gatewayTrustList(signers: readonly TrustedSigner[], country = DEV_COUNTRY): TrustListEntry[] {
  return signers.map((signer) => ({
    kid: signer.kid.toString('base64'),
    country,
    certificateType: 'DSC',
    timestamp: signer.notBefore.toISOString(),
    thumbprint: createHash('sha256').update(signer.der).digest('hex'),
    rawData: signer.der.toString('base64'),
  }));
}

/**
 * Writes the new key set to a private temporary directory and renames it into
 * place, so two processes starting together never mix keys from two runs: the
 * loser of the rename discards its set and uses the winner's.
 */
async function generateDevKeys(dir: string): Promise<void> {
  const staging = `${dir}.tmp-${String(process.pid)}-${randomBytes(6).toString('hex')}`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    // Backdated an hour so that a certificate issued right away, or checked by a
    // machine whose clock lags a little, is not dated before its signer.
    const files = await createDevCertificates(new Date(Date.now() - 3_600_000));
    for (const [name, pem] of Object.entries(files)) {
      writeFileSync(join(staging, name), pem, { mode: name.endsWith('.key.pem') ? 0o600 : 0o644 });
    }
    if (existsSync(dir)) rmEmptyDir(dir);
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(join(dir, DSC_CERT))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function rmEmptyDir(dir: string): void {
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Development CSCA (10 years) and DSC (2 years) with the three DCC key usages. */
async function createDevCertificates(now: Date): Promise<Record<string, string>> {
  const x509 = await loadX509();
  const crypto = webcrypto;
  const cscaKeys = await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const dscKeys = await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const cscaName = 'CN=Salus Development CSCA, O=Salus, C=IT';
  const csca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: cscaName,
      keys: cscaKeys,
      notBefore: now,
      notAfter: new Date(now.getTime() + 3650 * DAY_MS),
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(cscaKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const dsc = await x509.X509CertificateGenerator.create(
    {
      subject: 'CN=Salus Development DSC, O=Salus, C=IT',
      issuer: cscaName,
      publicKey: dscKeys.publicKey,
      signingKey: cscaKeys.privateKey,
      notBefore: now,
      notAfter: new Date(now.getTime() + 730 * DAY_MS),
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([DCC_KEY_USAGE_OIDS.t, DCC_KEY_USAGE_OIDS.v, DCC_KEY_USAGE_OIDS.r]),
        await x509.AuthorityKeyIdentifierExtension.create(cscaKeys.publicKey, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(dscKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    [CSCA_KEY]: await privateKeyPem(crypto, cscaKeys.privateKey),
    [CSCA_CERT]: csca.toString('pem'),
    [DSC_KEY]: await privateKeyPem(crypto, dscKeys.privateKey),
    [DSC_CERT]: dsc.toString('pem'),
  };
}

async function privateKeyPem(crypto: WebCrypto.Crypto, key: WebCrypto.CryptoKey): Promise<string> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', key);
  return (await loadX509()).PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

/**
 * @peculiar/x509 depends on tsyringe, which needs the Reflect metadata API
 * (`reflect-metadata`) loaded first. The import is dynamic for that reason, and
 * it keeps the library off the verifier's start-up path.
 */
export async function loadX509(): Promise<typeof X509> {
  await import('reflect-metadata');
  return import('@peculiar/x509');
}
