/**
 * The verifier behind POST /api/dcc/verify, and the trust list it publishes. It
 * trusts Salus's own DSCs, as the CLI does without --trust, and checks revocation
 * against the database, so a revocation counts from the moment it is recorded.
 */
import { decodeHc1Unverified, parseInstant } from './codec/index.ts';
import type { SchemaValidator, TrustedSigner, VerificationResult } from './codec/index.ts';
import { gatewayTrustList } from './keys.ts';
import type { TrustListEntry } from './keys.ts';
import { didTrustDocument } from './did-trust-list.ts';
import type { DidDocument } from './did-trust-list.ts';
import { certificateIds } from './revocation-list.ts';
import { verifyCertificate } from './verify-certificate.ts';
import type { RulesOption } from './verify-certificate.ts';
import { validationError } from '../shared/errors.ts';

export type VerifyRequest = { hc1: string; clock?: string | undefined; rules?: 'it' | undefined };

export type VerifierDeps = {
  trust: readonly TrustedSigner[];
  country: string;
  /** Salus's did:web (salusTrustDid) and the CSCA that signed its DSCs, for the GDHCN trust list. */
  did: string;
  csca: Buffer | null;
  schema: SchemaValidator;
  revokedAmong: (uvcis: readonly string[]) => Promise<Set<string>>;
  now: () => Date;
};

// A DCC has one entry; a forged payload with thousands must not become a huge query.
const MAX_IDS_LOOKED_UP = 8;

export function verifierService(deps: VerifierDeps) {
  // DSCs change only with a restart (key rotation), so the list is built once.
  const trustList = gatewayTrustList(deps.trust, deps.country);
  const didDocument = didTrustDocument(deps.did, deps.trust, deps.csca);
  return {
    trustList(): TrustListEntry[] {
      return trustList;
    },

    /** The same DSCs as a WHO GDHCN DID trust list (v2, keys embedded). */
    didTrustList(): DidDocument {
      return didDocument;
    },

    async verify(request: VerifyRequest): Promise<VerificationResult> {
      let clock = deps.now();
      if (request.clock !== undefined) {
        const parsed = parseInstant(request.clock);
        if (parsed === null) {
          throw validationError(
            'certificates.clock_invalid',
            `clock ${JSON.stringify(request.clock)} is not an ISO 8601 instant.`,
            [{ field: '/clock', message: 'expected an ISO 8601 instant such as 2021-08-16T10:00:00Z' }],
          );
        }
        clock = parsed;
      }
      const rules: RulesOption = request.rules === 'it' ? 'it' : null;
      // Which UVCIs to ask the database about: read before verifying (the lookup is
      // async, the codec is not); verification then decides what the answer means.
      const unverified = decodeHc1Unverified(request.hc1);
      const ids = unverified === null ? [] : certificateIds(unverified).slice(0, MAX_IDS_LOOKED_UP);
      const revoked = ids.length === 0 ? new Set<string>() : await deps.revokedAmong(ids);
      return verifyCertificate(request.hc1, {
        trust: deps.trust,
        schema: deps.schema,
        clock,
        rules,
        isRevoked: (uvci) => revoked.has(uvci),
      });
    },
  };
}

export type VerifierService = ReturnType<typeof verifierService>;
