import { webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

/** Signs the region's JWTs to the national Gateway: "Authorization: Bearer" and FSE-JWT-Signature. */
export interface RegionSigner {
  bearer(audience: string): Promise<string>;
  /** The producer's claims (middleware-regionale case 2: the content is the producer's), with this jti. */
  signature(audience: string, claims: object, jti: string, attachmentHash: string | null): Promise<string>;
}

/**
 * The region's signing identity, middleware-regionale case 2 ("trasporto e firma regionali"): the region signs
 * the producer's claims at each send, so a document that waited out a 10-minute outage does not go out with a
 * producer token long expired. The key and certificate are made at start-up (self-signed, 1 day): the
 * certificate issued by the national provisioning is not configurable yet (ADR 0014, what is left).
 */
export async function createRegionSigner(issuer: string): Promise<RegionSigner> {
  await import('reflect-metadata'); // @peculiar/x509's tsyringe needs it first (see certificates/keys.ts)
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const keys = await webcrypto.subtle.generateKey(ALG, false, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${issuer}`,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    keys,
    signingAlgorithm: ALG,
  });
  const header = { alg: 'RS256', typ: 'JWT', x5c: [Buffer.from(cert.rawData).toString('base64')] };
  // Five minutes: each send signs afresh, so the token only has to outlive one request.
  const sign = (payload: Record<string, unknown>, audience: string, jti: string) =>
    new SignJWT(payload)
      .setProtectedHeader(header)
      .setIssuer(`integrity:${issuer}`)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(jti)
      .sign(keys.privateKey);
  return {
    bearer: (audience) => sign({ sub: issuer }, audience, crypto.randomUUID()),
    signature: (audience, claims, jti, attachmentHash) => {
      // The region's iss, aud, times and jti replace the producer's; every other claim goes as it came.
      const rest = Object.fromEntries(
        Object.entries(claims).filter(([name]) => !['iss', 'aud', 'exp', 'iat', 'nbf', 'jti'].includes(name)),
      );
      return sign({ ...rest, ...(attachmentHash === null ? {} : { attachment_hash: attachmentHash }) }, audience, jti);
    },
  };
}
