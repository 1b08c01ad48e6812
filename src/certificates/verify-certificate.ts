/**
 * Verification as the CLI and the API both run it: the codec's steps, then in the
 * `rules` step the revocation check (when a revocation source is given) and the
 * Italian rules (when asked for). One code path, so both answer alike.
 */
import { verifyHc1 } from './codec/index.ts';
import type { RulesCheck, SchemaValidator, TrustedSigner, VerificationResult } from './codec/index.ts';
import { allChecks, revocationCheck } from './revocation-list.ts';
import { italianRulesCheck } from './rules/index.ts';

export type RulesOption = 'it' | null;

export type VerificationContext = {
  trust: readonly TrustedSigner[];
  schema: SchemaValidator;
  clock: Date;
  rules: RulesOption;
  /** Null when no revocation list is available: then nothing counts as revoked. */
  isRevoked: ((uvci: string) => boolean) | null;
};

export function verifyCertificate(hc1: string, context: VerificationContext): VerificationResult {
  const checks: RulesCheck[] = [];
  // Revocation first: a revoked certificate reads REVOKED even when the rules would also refuse it.
  if (context.isRevoked !== null) checks.push(revocationCheck(context.isRevoked));
  if (context.rules === 'it') checks.push(italianRulesCheck);
  return verifyHc1(hc1, {
    trust: context.trust,
    clock: context.clock,
    schema: context.schema,
    ...(checks.length > 0 ? { rules: allChecks(checks) } : {}),
  });
}
