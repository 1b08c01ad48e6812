/** End-to-end verification of an "HC1:" string, reporting the first failing step. */
import { inspectHc1 } from './inspect.ts';
import { VERIFY_STEPS } from './types.ts';
import type { VerificationResult, VerifyOptions } from './types.ts';

// Once the signature holds, the payload is authentic even if it is expired or
// refused by the rules, so it is shown; before that it could be forged, so it is not.
const PAYLOAD_SHOWN_AFTER = new Set(['expiry', 'keyUsage', 'schema', 'rules']);

export function verifyHc1(text: string, options: VerifyOptions): VerificationResult {
  let inspection;
  try {
    inspection = inspectHc1(text, options);
  } catch (error) {
    // Every step catches its own errors; this is a last guard so verify never throws.
    return { valid: false, failed: 'cose', reason: `unexpected error: ${String(error)}`, payload: null };
  }
  const payload = inspection.claims?.hcert ?? null;
  for (const step of VERIFY_STEPS) {
    const outcome = inspection.steps[step];
    if (outcome && !outcome.ok) {
      return {
        valid: false,
        failed: step,
        reason: outcome.reason,
        payload: PAYLOAD_SHOWN_AFTER.has(step) ? payload : null,
      };
    }
  }
  const reason = inspection.steps.rules?.reason ?? 'valid';
  return { valid: true, failed: null, reason, payload };
}
