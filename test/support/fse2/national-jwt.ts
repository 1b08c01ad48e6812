import { createHash, webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';

/** A producer's "signature" certificate and key, self-signed, as in the national integration guide (2.3). */
export type ProducerSigner = Awaited<ReturnType<typeof producerSigner>>;

export async function producerSigner(options: { notAfter?: Date } = {}) {
  await import('reflect-metadata'); // @peculiar/x509's tsyringe needs it first (see certificates/keys.ts)
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=190201123456XX',
    notBefore: new Date(now - 86_400_000),
    notAfter: options.notAfter ?? new Date(now + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const x5c = Buffer.from(cert.rawData).toString('base64');
  return {
    /** An FSE-JWT-Signature with the national claims; `claims` overrides or removes (undefined) any of them. */
    async token(audience: string, claims: Record<string, unknown> = {}): Promise<string> {
      const payload: Record<string, unknown> = {
        sub: 'RSSMRA22A01A399Z^^^&2.16.840.1.113883.2.9.4.3.2&ISO',
        subject_role: 'AAS',
        purpose_of_use: 'TREATMENT',
        locality: 'OSPEDALE DI PROVA^^^^^&2.16.840.1.113883.2.9.4.1.2&ISO^^^^030001',
        subject_organization: 'Regione Lombardia',
        subject_organization_id: '030',
        patient_consent: true,
        action_id: 'CREATE',
        person_id: 'RSSMRA22A01A399Z^^^&2.16.840.1.113883.2.9.4.3.2&ISO',
        subject_application_id: 'SALUS-TEST',
        subject_application_vendor: 'Salus',
        subject_application_version: '1.0',
        ...claims,
      };
      const present = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
      return new SignJWT(present)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: [x5c] })
        .setIssuer('integrity:190201123456XX')
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(crypto.randomUUID())
        .sign(keys.privateKey);
    },
  };
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
