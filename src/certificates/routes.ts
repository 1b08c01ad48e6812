import type { TypedApp } from '../http/types.ts';
import { publicAccess } from '../http/policy.ts';
import type { RevocationService } from './revocation-service.ts';
import { DidTrustList, RevocationList, TrustList, VerifyBody, VerifyResult } from './schemas.ts';
import type { VerifierService } from './verifier-service.ts';

export type CertificateRoutesDeps = {
  verifier: VerifierService;
  revocations: Pick<RevocationService, 'revocationList'>;
};

/**
 * The public face of the Green Pass: what any verifier needs. Issuance, download
 * and revocation need a caller's identity and come with the identity module.
 */
export function registerCertificateRoutes(app: TypedApp, deps: CertificateRoutesDeps): void {
  app.get(
    '/api/dcc/trust-list',
    {
      config: { policy: publicAccess('public keys (DSCs) that every verifier must be able to fetch') },
      schema: {
        tags: ['certificates'],
        summary: "Salus's document signer certificates, EU DCC Gateway format",
        response: { 200: TrustList },
      },
    },
    () => deps.verifier.trustList(),
  );
  app.get(
    '/api/dcc/trust/did.json',
    {
      config: { policy: publicAccess('public keys (DSCs) as a GDHCN DID trust list, for WHO-network verifiers') },
      schema: {
        tags: ['certificates'],
        summary: "Salus's DSCs and CSCA as a WHO GDHCN trust list (did:web document, v2, keys embedded)",
        description: 'The document of did:web:<host>:api:dcc:trust. Same keys as /api/dcc/trust-list.',
        response: { 200: DidTrustList },
      },
    },
    () => deps.verifier.didTrustList(),
  );
  app.get(
    '/api/dcc/revocations',
    {
      config: { policy: publicAccess('revoked certificates as hashes: verifiers need it, and it names nobody') },
      schema: {
        tags: ['certificates'],
        summary: 'Revoked UVCIs, as SHA-256 UCI hashes (EU revocation-list style)',
        response: { 200: RevocationList },
      },
    },
    () => deps.revocations.revocationList(),
  );
  app.post(
    '/api/dcc/verify',
    {
      config: {
        policy: publicAccess('verifying a certificate shown by its holder, as a verifier app does; nothing is stored'),
      },
      schema: {
        tags: ['certificates'],
        summary:
          'Verify an HC1 string: signature, expiry, key usage, schema, revocation and optionally the Italian rules',
        description:
          'A certificate that fails verification is a 200 with valid: false and the failing step; ' +
          'only a malformed request is a 400.',
        body: VerifyBody,
        response: { 200: VerifyResult },
      },
    },
    (request) => deps.verifier.verify(request.body),
  );
}
