import { SignJWT } from 'jose';
import { generatedRegionIdentity, type RegionIdentity } from './region-identity.ts';

/** Signs the region's JWTs to the national Gateway: "Authorization: Bearer" and FSE-JWT-Signature. */
export interface RegionSigner {
  bearer(audience: string): Promise<string>;
  /** The producer's claims (middleware-regionale case 2: the content is the producer's), with this jti. */
  signature(audience: string, claims: object, jti: string, attachmentHash: string | null): Promise<string>;
}

/**
 * The region's signing identity, middleware-regionale case 2 ("trasporto e firma regionali"): the region signs
 * the producer's claims at each send, so a document that waited out a 10-minute outage does not go out with a
 * producer token long expired. The identity is the provisioned certificate and key (FSE2_REGION_CERT_FILE,
 * FSE2_REGION_KEY_FILE) or, in demo and tests, one generated at start-up (region-identity.ts; ADR 0020).
 */
export async function createRegionSigner(issuer: string, given?: RegionIdentity): Promise<RegionSigner> {
  const identity = given ?? (await generatedRegionIdentity(issuer));
  const header = { alg: identity.alg, typ: 'JWT', x5c: [...identity.x5c] };
  // Five minutes: each send signs afresh, so the token only has to outlive one request.
  const sign = (payload: Record<string, unknown>, audience: string, jti: string) =>
    new SignJWT(payload)
      .setProtectedHeader(header)
      .setIssuer(`integrity:${issuer}`)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(jti)
      .sign(identity.key);
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
