/** Reading a DCC payload without verifying it, for look-ups that must precede verification. */
import { parseCoseSign1 } from './cose.ts';
import { parseCwtClaims } from './cwt.ts';
import { decodeBase45, inflate, stripPrefix } from './hc1.ts';
import type { DccPayload } from './types.ts';

/**
 * The payload of an HC1 string, or null when it does not decode. Nothing is
 * checked: the result may be forged and must only steer a look-up (e.g. which
 * UVCIs to check for revocation) whose answer verification then applies.
 */
export function decodeHc1Unverified(text: string): DccPayload | null {
  const base45 = stripPrefix(text);
  if (base45 === null) return null;
  try {
    return parseCwtClaims(parseCoseSign1(inflate(decodeBase45(base45))).payload).hcert;
  } catch {
    return null;
  }
}
