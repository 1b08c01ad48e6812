/** Issuing: DCC payload → CWT → COSE_Sign1 (ES256 or PS256) → zlib → Base45 → "HC1:". */
import type { KeyObject } from 'node:crypto';
import { signCoseSign1 } from './cose.ts';
import type { KidPlacement } from './cose.ts';
import { encodeCwtClaims } from './cwt.ts';
import { wrapHc1 } from './hc1.ts';
import type { DccPayload } from './types.ts';

export type IssueOptions = {
  /** Private key of the DSC: EC P-256 (ES256) or RSA (PS256). */
  privateKey: KeyObject;
  /** kid of the DSC (dccKid of its DER). */
  kid: Uint8Array;
  /** ISO 3166 country code of the issuer (CWT iss). */
  issuer: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Default: the protected header, as the eHN HCERT spec asks. */
  kidIn?: KidPlacement;
};

export function issueHc1(payload: DccPayload, options: IssueOptions): string {
  const claims = encodeCwtClaims({
    iss: options.issuer,
    // NumericDate may carry a fraction (RFC 8392 §2); Salus issues whole seconds.
    iat: Math.floor(options.issuedAt.getTime() / 1000),
    exp: Math.floor(options.expiresAt.getTime() / 1000),
    hcert: payload,
  });
  return wrapHc1(signCoseSign1(claims, options.kid, options.privateKey, options.kidIn));
}
