/**
 * EU Digital COVID Certificate codec. Self-contained: it depends on Node built-ins
 * and npm packages only, never on the rest of Salus.
 */
export { verifyHc1 } from './verify.ts';
export { inspectHc1 } from './inspect.ts';
export { decodeHc1Unverified } from './peek.ts';
export type { Inspection, StepOutcome } from './inspect.ts';
export { issueHc1 } from './issue.ts';
export type { IssueOptions } from './issue.ts';
export { loadDccSchema, defaultSchemaDir, certificateTypes } from './schema.ts';
export type { FormatMode } from './schema.ts';
export { loadTrustedSigner, dccKid, allowedTypes, DCC_KEY_USAGE_OIDS } from './trust.ts';
export { encodeDccPayload } from './cwt.ts';
export { decodeCbor, toPlain } from './cbor.ts';
export { VERIFY_STEPS } from './types.ts';
export type {
  CertificateType,
  CwtClaims,
  DccPayload,
  RulesCheck,
  SchemaValidator,
  TrustedSigner,
  VerificationResult,
  VerifyOptions,
  VerifyStep,
} from './types.ts';
export { parseInstant } from './instant.ts';
