/** Issuing: DCC payload → CWT → COSE_Sign1 (ES256) → zlib → Base45 → "HC1:". */
import type { KeyObject } from 'node:crypto';
import { signCoseSign1ES256 } from './cose.ts';
import { encodeCwtClaims } from './cwt.ts';
import { wrapHc1 } from './hc1.ts';
import type { DccPayload } from './types.ts';

export type IssueOptions = {
  /** P-256 private key of the DSC. */
  privateKey: KeyObject;
  /** kid of the DSC (dccKid of its DER). */
  kid: Uint8Array;
  /** ISO 3166 country code of the issuer (CWT iss). */
  issuer: string;
  issuedAt: Date;
  expiresAt: Date;
};

export function issueHc1(payload: DccPayload, options: IssueOptions): string {
  const claims = encodeCwtClaims({
    iss: options.issuer,
    iat: Math.floor(options.issuedAt.getTime() / 1000),
    exp: Math.floor(options.expiresAt.getTime() / 1000),
    hcert: payload,
  });
  return wrapHc1(signCoseSign1ES256(claims, options.kid, options.privateKey));
}
