/** CWT claims (RFC 8392) carrying the DCC: iss 1, exp 4, iat 6, hcert -260 → 1. */
import { decodeCbor, encodeCbor, toPlain } from './cbor.ts';
import type { CwtClaims, DccPayload } from './types.ts';

const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_HCERT = -260;
const HCERT_EU_DCC = 1;

export class CwtError extends Error {}

export function parseCwtClaims(bytes: Uint8Array): CwtClaims {
  const claims = decodeCbor(bytes);
  if (!(claims instanceof Map)) throw new CwtError('CWT payload is not a map');
  const hcert: unknown = claims.get(CLAIM_HCERT);
  if (!(hcert instanceof Map)) throw new CwtError('CWT has no hcert (-260) map');
  const dcc = toPlain(hcert.get(HCERT_EU_DCC));
  if (dcc === null || typeof dcc !== 'object' || Array.isArray(dcc)) throw new CwtError('hcert has no DCC (key 1) map');
  const iss: unknown = claims.get(CLAIM_ISS);
  return {
    iss: typeof iss === 'string' ? iss : null,
    iat: numericDate(claims.get(CLAIM_IAT), 'iat'),
    exp: numericDate(claims.get(CLAIM_EXP), 'exp'),
    hcert: dcc as DccPayload,
  };
}

export function encodeCwtClaims(claims: { iss: string; iat: number; exp: number; hcert: DccPayload }): Buffer {
  return encodeCbor(
    new Map<number, unknown>([
      [CLAIM_ISS, claims.iss],
      [CLAIM_IAT, claims.iat],
      [CLAIM_EXP, claims.exp],
      [CLAIM_HCERT, new Map([[HCERT_EU_DCC, toCborData(claims.hcert)]])],
    ]),
  );
}

/** The DCC payload alone as CBOR (what the test vectors call the CBOR field). */
export function encodeDccPayload(payload: DccPayload): Buffer {
  return encodeCbor(toCborData(payload));
}

/** JSON objects become CBOR maps with minimal headers; arrays and scalars stay as they are. */
function toCborData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCborData);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCborData(v)]));
  }
  return value;
}

/** NumericDate may be an integer or a float (RFC 8392 §2); anything else is malformed. */
function numericDate(value: unknown, name: string): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw new CwtError(`CWT claim ${name} is not a number`);
}
