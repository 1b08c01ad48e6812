import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from '../shared/errors.ts';
import type { FacilityPrincipal } from '../shared/principal.ts';
import type { IdentityRepository } from './repository.ts';

export interface BearerOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: () => Promise<string>;
}

/**
 * Facility systems call the API with `Authorization: Bearer <JWT>` obtained by
 * client credentials. The token is checked with jose against the provider's JWKS
 * (issuer, audience, expiry, signature); the client must be a registered facility.
 */
export function bearerVerifier(repo: IdentityRepository, options: BearerOptions) {
  let keys: JWTVerifyGetKey | null = null;
  return async (token: string): Promise<FacilityPrincipal> => {
    keys ??= createRemoteJWKSet(new URL(await options.jwksUri()));
    let clientId: string;
    let scopes: string[];
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
      });
      clientId = typeof payload.client_id === 'string' ? payload.client_id : '';
      scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    } catch {
      throw unauthenticated('The access token is not valid or has expired. Request a new one with client credentials.');
    }
    const facilityId = await repo.facilityOfClient(clientId);
    if (facilityId === null) throw unauthenticated('This client is not a registered facility system.');
    return { kind: 'facility', clientId, facilityId, scopes };
  };
}

export type BearerVerifier = ReturnType<typeof bearerVerifier>;
