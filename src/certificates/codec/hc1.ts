/** The transport layers of a DCC: "HC1:" prefix, Base45 text and zlib compression. */
import { deflateSync, inflateSync } from 'node:zlib';
import { decodeBase45, encodeBase45 } from './base45.ts';

export const HC1_PREFIX = 'HC1:';

// A DCC QR code holds at most ~3 KB; 1 MiB bounds a decompression bomb well above any real payload.
const MAX_INFLATED_BYTES = 1024 * 1024;

export function stripPrefix(text: string): string | null {
  return text.startsWith(HC1_PREFIX) ? text.slice(HC1_PREFIX.length) : null;
}

export { decodeBase45 };

/** zlib-inflates; raw (never compressed) COSE bytes fail here, as the DCC spec requires. */
export function inflate(compressed: Uint8Array): Buffer {
  return inflateSync(compressed, { maxOutputLength: MAX_INFLATED_BYTES });
}

export function wrapHc1(cose: Uint8Array): string {
  return HC1_PREFIX + encodeBase45(deflateSync(cose, { level: 9 }));
}
