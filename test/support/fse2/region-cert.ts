import { webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;
const DAY = 86_400_000;

const pem = (label: string, der: ArrayBuffer): string =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n` + `-----END ${label}-----\n`;

/**
 * A region signing certificate issued by a test CA, written as PEM files (no key is kept in the repository): the
 * certificate file holds the leaf then the CA, as a national provisioning's chain would.
 */
export async function regionCertificateFiles(options: { notBefore?: Date; notAfter?: Date } = {}) {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const now = Date.now();
  const caKeys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a',
    name: 'CN=Test national CA',
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
    keys: caKeys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '0b',
    subject: 'CN=SALUS-REGIONE-TEST',
    issuer: ca.subject,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: RSA,
  });
  const dir = mkdtempSync(join(tmpdir(), 'salus-region-cert-'));
  const certificatePath = join(dir, 'region.cert.pem');
  const privateKeyPath = join(dir, 'region.key.pem');
  const otherKeyPath = join(dir, 'other.key.pem');
  writeFileSync(certificatePath, leaf.toString('pem') + '\n' + ca.toString('pem') + '\n');
  writeFileSync(privateKeyPath, pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), {
    mode: 0o600,
  });
  writeFileSync(otherKeyPath, pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey)), {
    mode: 0o600,
  });
  return { dir, certificatePath, privateKeyPath, otherKeyPath, leafDer: Buffer.from(leaf.rawData) };
}
