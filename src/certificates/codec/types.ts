import type { KeyObject } from 'node:crypto';

/**
 * Public types of the DCC codec. The step names double as the `failed` values of a
 * verification result, in the order the verifier runs them.
 */

export const VERIFY_STEPS = [
  'prefix',
  'base45',
  'compression',
  'cose',
  'kid',
  'signature',
  'expiry',
  'keyUsage',
  'schema',
  'rules',
] as const;

export type VerifyStep = (typeof VERIFY_STEPS)[number];

/** A DCC payload (the hcert claim, key 1) as plain JSON data. */
export type DccPayload = Record<string, unknown>;

export type VerificationResult = {
  valid: boolean;
  failed: VerifyStep | null;
  reason: string;
  payload: DccPayload | null;
};

/** Certificate type letter, as the group key in the payload. */
export type CertificateType = 'v' | 't' | 'r';

/** Decoded CWT claims that the verifier needs (RFC 8392 labels 1, 4, 6 and -260). */
export type CwtClaims = {
  iss: string | null;
  /** Seconds since the epoch, or null when the claim is missing. */
  iat: number | null;
  exp: number | null;
  hcert: DccPayload;
};

/** A Document Signer Certificate, reduced to what verification uses. */
export type TrustedSigner = {
  /** First 8 bytes of SHA-256 over the DER certificate. */
  kid: Buffer;
  der: Buffer;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs found in the certificate (any, not only DCC ones). */
  extendedKeyUsages: readonly string[];
};

/** Optional extra check run after the cryptographic ones (e.g. national rules). */
export type RulesCheck = (payload: DccPayload, clock: Date) => { ok: boolean; reason: string };

export type VerifyOptions = {
  trust: readonly TrustedSigner[];
  /** "Now" for the time checks. */
  clock: Date;
  /** Validates the payload against the DCC JSON schema; see loadDccSchema(). */
  schema: SchemaValidator;
  rules?: RulesCheck;
};

export type SchemaValidator = (payload: unknown) => { ok: boolean; reason: string };
