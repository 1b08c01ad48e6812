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
  if (candidates.length > 0) {
    // Several DSCs may share a kid (8 bytes can collide); any one that verifies is the signer.
    let why = '';
    for (const candidate of candidates) {
      const problem = checkCoseSignature(message, candidate.publicKey);
      if (problem === null) {
        result.signer = candidate;
        break;
      }
      why = problem;
    }
    steps.signature = result.signer ? pass() : fail(why);
  }

  steps.expiry = checkTimes(claims, result.signer, options.clock);
  if (result.signer) steps.keyUsage = checkKeyUsage(claims.hcert, result.signer);
  steps.schema = options.schema(claims.hcert);
  if (options.rules) steps.rules = options.rules(claims.hcert, options.clock);
  return result;
}

/**
 * The upstream DCC harness requires DSC notBefore ≤ iat ≤ clock ≤ exp ≤ DSC
 * notAfter: a certificate must not outlive the key that vouches for it.
 */
function checkTimes(claims: CwtClaims, signer: TrustedSigner | null, clock: Date): StepOutcome {
  if (claims.iat === null) return fail('no iat claim');
  if (claims.exp === null) return fail('no exp claim');
  const now = clock.getTime();
  const iat = claims.iat * 1000;
  const exp = claims.exp * 1000;
  if (now < iat) return fail(`not valid before iat ${iso(iat)}`);
  if (now > exp) return fail(`expired at ${iso(exp)}`);
  if (signer) {
    if (iat < signer.notBefore.getTime()) return fail(`iat ${iso(iat)} is before the DSC notBefore`);
    if (exp > signer.notAfter.getTime()) return fail(`exp ${iso(exp)} is after the DSC notAfter`);
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
