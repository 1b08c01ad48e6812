/**
 * COSE_Sign1 (RFC 9052) as used by the EU DCC: ES256 or PS256, kid in the
 * protected header (the unprotected one is a fallback only).
 */
import { constants, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { asTag, decodeCbor, encodeCbor, sigStructure, tagged } from './cbor.ts';

const TAG_COSE_SIGN1 = 18;
const TAG_CWT = 61;
const LABEL_ALG = 1;
const LABEL_KID = 4;
export const ALG_ES256 = -7;
export const ALG_PS256 = -37;

export type CoseSign1 = {
  protectedBytes: Buffer;
  payload: Buffer;
  signature: Buffer;
  alg: number | null;
  kid: Buffer | null;
};

export class CoseError extends Error {}

export function parseCoseSign1(bytes: Uint8Array): CoseSign1 {
  let item = decodeCbor(bytes);
  // CWT tag 61 may wrap the COSE message (DCC vector CO28); tag 18 itself is optional.
  let outer = asTag(item);
  if (outer?.tag === TAG_CWT) {
    item = outer.value;
    outer = asTag(item);
  }
  if (outer) {
    if (outer.tag !== TAG_COSE_SIGN1) throw new CoseError(`unexpected CBOR tag ${outer.tag}`);
    item = outer.value;
  }
  if (!Array.isArray(item) || item.length !== 4) throw new CoseError('COSE_Sign1 must be an array of 4 items');
  const [protectedBytes, unprotected, payload, signature] = item as unknown[];
  if (!(protectedBytes instanceof Uint8Array)) throw new CoseError('protected header is not a byte string');
  if (!(unprotected instanceof Map)) throw new CoseError('unprotected header is not a map');
  if (!(payload instanceof Uint8Array))
    throw new CoseError('payload is not a byte string (detached payloads are not supported)');
  if (!(signature instanceof Uint8Array)) throw new CoseError('signature is not a byte string');
  const protectedHeader = protectedBytes.length === 0 ? new Map() : decodeCbor(protectedBytes);
  if (!(protectedHeader instanceof Map)) throw new CoseError('protected header does not decode to a map');
  return {
    protectedBytes: Buffer.from(protectedBytes),
    payload: Buffer.from(payload),
    signature: Buffer.from(signature),
    alg: headerNumber(protectedHeader, unprotected, LABEL_ALG),
    kid: headerBytes(protectedHeader, unprotected, LABEL_KID),
  };
}

/** Checks the signature; returns null when valid, otherwise why not. */
export function checkCoseSignature(message: CoseSign1, publicKey: KeyObject): string | null {
  const data = sigStructure(message.protectedBytes, message.payload);
  try {
    if (message.alg === ALG_ES256) {
      if (publicKey.asymmetricKeyType !== 'ec') return 'ES256 message but the certificate key is not EC';
      // COSE carries ECDSA signatures as raw r‖s, not DER.
      if (message.signature.length !== 64) return `ES256 signature must be 64 bytes, got ${message.signature.length}`;
      const ok = cryptoVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, message.signature);
      return ok ? null : 'ES256 signature does not verify';
    }
    if (message.alg === ALG_PS256) {
      // An RSA DSC key may be plain rsaEncryption or id-RSASSA-PSS (RFC 4055), which Node
      // reports as 'rsa-pss'; both verify PS256 (RFC 8230 §2: SHA-256, MGF1-SHA-256, salt 32).
      const type = publicKey.asymmetricKeyType;
      if (type !== 'rsa' && type !== 'rsa-pss') return 'PS256 message but the certificate key is not RSA';
      const ok = cryptoVerify(
        'sha256',
        data,
        { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        message.signature,
      );
      return ok ? null : 'PS256 signature does not verify';
    }
  } catch (error) {
    return `signature check failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `unsupported COSE algorithm ${String(message.alg)}`;
}

/**
 * Where the issuer puts the kid: the protected header (eHN HCERT spec §3.3.1), or, as some issuers did, the
 * unprotected one.
 */
export type KidPlacement = 'protected' | 'unprotected';

/**
 * Builds a tagged COSE_Sign1: ES256 for an EC P-256 key, PS256 for an RSA key (the two
 * algorithms of the eHN HCERT spec §3.3.2), with the kid where `kidIn` says.
 */
export function signCoseSign1(
  payload: Uint8Array,
  kid: Uint8Array,
  privateKey: KeyObject,
  kidIn: KidPlacement = 'protected',
): Buffer {
  const rsa = privateKey.asymmetricKeyType === 'rsa' || privateKey.asymmetricKeyType === 'rsa-pss';
  const kidEntry: [number, unknown] = [LABEL_KID, Buffer.from(kid)];
  const protectedHeader = new Map<number, unknown>([[LABEL_ALG, rsa ? ALG_PS256 : ALG_ES256]]);
  const unprotectedHeader = new Map<number, unknown>();
  (kidIn === 'protected' ? protectedHeader : unprotectedHeader).set(...kidEntry);
  const protectedBytes = encodeCbor(protectedHeader);
  const toBeSigned = sigStructure(protectedBytes, payload);
  const signature = rsa
    ? cryptoSign('sha256', toBeSigned, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    : cryptoSign('sha256', toBeSigned, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return encodeCbor(tagged([protectedBytes, unprotectedHeader, Buffer.from(payload), signature], TAG_COSE_SIGN1));
}

function headerValue(
  protectedHeader: Map<unknown, unknown>,
  unprotected: Map<unknown, unknown>,
  label: number,
): unknown {
  return protectedHeader.has(label) ? protectedHeader.get(label) : unprotected.get(label);
}

function headerNumber(p: Map<unknown, unknown>, u: Map<unknown, unknown>, label: number): number | null {
  const value = headerValue(p, u, label);
  return typeof value === 'number' ? value : null;
}

function headerBytes(p: Map<unknown, unknown>, u: Map<unknown, unknown>, label: number): Buffer | null {
  const value = headerValue(p, u, label);
  return value instanceof Uint8Array ? Buffer.from(value) : null;
}
