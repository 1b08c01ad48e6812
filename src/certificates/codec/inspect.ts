/**
 * Runs every verification step it can reach and records each outcome. verify()
 * reports the first failure; the conformance tests read the individual steps.
 */
import { checkCoseSignature, parseCoseSign1 } from './cose.ts';
import { parseCwtClaims } from './cwt.ts';
import { decodeBase45, inflate, stripPrefix } from './hc1.ts';
import { certificateTypes } from './schema.ts';
import { allowedTypes, findSigners } from './trust.ts';
import type { CwtClaims, DccPayload, TrustedSigner, VerifyOptions, VerifyStep } from './types.ts';

export type StepOutcome = { ok: true; reason: string } | { ok: false; reason: string };

export type Inspection = {
  /** A step absent here was not reached because an earlier step failed. */
  steps: Partial<Record<VerifyStep, StepOutcome>>;
  claims: CwtClaims | null;
  signer: TrustedSigner | null;
};

export function inspectHc1(text: string, options: VerifyOptions): Inspection {
  const steps: Inspection['steps'] = {};
  const result: Inspection = { steps, claims: null, signer: null };
  const base45 = stripPrefix(text);
  steps.prefix = base45 === null ? fail('missing "HC1:" prefix') : pass();
  if (base45 === null) return result;
  const compressed = attempt(steps, 'base45', () => decodeBase45(base45));
  if (compressed === undefined) return result;
  const coseBytes = attempt(steps, 'compression', () => inflate(compressed));
  if (coseBytes === undefined) return result;
  const decoded = attempt(steps, 'cose', () => {
    const message = parseCoseSign1(coseBytes);
    return { message, claims: parseCwtClaims(message.payload) };
  });
  if (decoded === undefined) return result;
  const { message, claims } = decoded;
  result.claims = claims;

  const candidates = message.kid === null ? [] : findSigners(options.trust, message.kid);
  steps.kid =
    message.kid === null
      ? fail('no kid in the COSE headers')
      : candidates.length === 0
        ? fail(`no trusted certificate with kid ${message.kid.toString('base64')}`)
        : pass();
  // Several DSCs may share a kid: 8 bytes can collide, and a DSC renewed with the same
  // key (new validity, other key usages) has the same kid in a trust list that gives kids
  // rather than computing them. The WHO HCERT spec (smart-trust, "kid" in the COSE
  // header section) requires trying each: the signer is the first one whose signature,
  // validity at iat and key usage all hold; failing that, the first whose signature holds.
  const verifying = candidates.filter((candidate) => checkCoseSignature(message, candidate.publicKey) === null);
  if (candidates.length > 0) {
    const first = candidates[0];
    steps.signature =
      verifying.length > 0 || first === undefined
        ? pass()
        : fail(checkCoseSignature(message, first.publicKey) ?? 'signature does not verify');
  }
  const judged = verifying.map((signer) => ({
    signer,
    expiry: checkTimes(claims, signer, options.clock),
    keyUsage: checkKeyUsage(claims.hcert, signer),
  }));
  const chosen = judged.find((j) => j.expiry.ok && j.keyUsage.ok) ?? judged[0];
  result.signer = chosen?.signer ?? null;
  steps.expiry = chosen?.expiry ?? checkTimes(claims, null, options.clock);
  if (chosen) steps.keyUsage = chosen.keyUsage;
  steps.schema = options.schema(claims.hcert);
  if (options.rules) steps.rules = options.rules(claims.hcert, options.clock);
  return result;
}

/**
 * Tolerated lead of `iat` over the validation clock. The EU DCC validation rules and
 * the reference verifier apps (dgca-verifier-app-*) do not refuse a certificate whose
 * `iat` is slightly ahead: the issuer's clock, the verifier's clock and a `--clock`
 * given to the second (test vectors) all differ, and `iat` may carry a fraction of a
 * second. Only a clearly future `iat` is refused. Five minutes is the usual bound for
 * such skew (Kerberos' default, and the leeway JWT verifiers commonly allow).
 */
export const IAT_CLOCK_SKEW_SECONDS = 300;

/**
 * Time checks, each with its source:
 * - clock ≤ exp (RFC 8392 §3.1.4; eHN HCERT spec §3.3.3): expired otherwise.
 * - iat ≤ clock + IAT_CLOCK_SKEW_SECONDS (RFC 8392 §3.1.6 and the reference apps).
 * - DSC notBefore ≤ iat ≤ DSC notAfter: the DSC was valid when it signed (WHO HCERT
 *   spec, smart-trust "Certificate governance": a DSC signs only within its validity).
 *   `exp` may outlive the DSC: whether the key is still trusted is the trust list's
 *   business (a DSC leaves the list when revoked), not the certificate's.
 */
function checkTimes(claims: CwtClaims, signer: TrustedSigner | null, clock: Date): StepOutcome {
  if (claims.iat === null) return fail('no iat claim');
  if (claims.exp === null) return fail('no exp claim');
  const now = clock.getTime();
  const iat = claims.iat * 1000;
  const exp = claims.exp * 1000;
  if (iat > now + IAT_CLOCK_SKEW_SECONDS * 1000) return fail(`not valid before iat ${iso(iat)} (issued in the future)`);
  if (now > exp) return fail(`expired at ${iso(exp)}`);
  if (signer) {
    if (iat < signer.notBefore.getTime()) return fail(`iat ${iso(iat)} is before the DSC notBefore`);
    if (iat > signer.notAfter.getTime())
      return fail(`iat ${iso(iat)} is after the DSC notAfter: signed by an expired DSC`);
  }
  return pass();
}

function checkKeyUsage(payload: DccPayload, signer: TrustedSigner): StepOutcome {
  const allowed = allowedTypes(signer.extendedKeyUsages);
  const refused = certificateTypes(payload).filter((type) => !allowed.has(type));
  return refused.length === 0 ? pass() : fail(`DSC may sign ${[...allowed].join('/')} but not ${refused.join('/')}`);
}

function attempt<T>(steps: Inspection['steps'], step: VerifyStep, run: () => T): T | undefined {
  try {
    const value = run();
    steps[step] = pass();
    return value;
  } catch (error) {
    steps[step] = fail(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function pass(reason = 'ok'): StepOutcome {
  return { ok: true, reason };
}

function fail(reason: string): StepOutcome {
  return { ok: false, reason };
}

function iso(ms: number): string {
  const date = new Date(ms);
  // Absurd claims (e.g. exp = 1e20) are out of Date's range and must not throw.
  return Number.isNaN(date.getTime()) ? String(ms / 1000) : date.toISOString();
}
