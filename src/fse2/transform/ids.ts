import { createHash } from 'node:crypto';

/**
 * Deterministic resource ids: a UUID (RFC 4122 version 5 layout) from the CDA's id and the resource's place in it.
 * Converting the same document twice gives the same Bundle, so storing it later can be idempotent by id.
 */
export function deterministicUuid(namespace: string, key: string): string {
  const bytes = createHash('sha1').update(namespace).update('\n').update(key).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
