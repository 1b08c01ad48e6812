/**
 * CBOR helpers on top of cbor-x, configured for COSE: maps decode as Map (COSE and
 * CWT use integer labels) and byte strings encode without cbor-x's typed-array tags.
 */
import { Decoder, Encoder, Tag } from 'cbor-x';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
// variableMapSize gives the shortest map headers, which keeps the QR code smaller.
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false, variableMapSize: true });

/** Decodes exactly one CBOR item; trailing bytes or truncation throw. */
export function decodeCbor(bytes: Uint8Array): unknown {
  const value: unknown = decoder.decode(bytes);
  return value;
}

export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}

export function tagged(value: unknown, tag: number): Tag {
  return new Tag(value, tag);
}

/** Returns [tag, inner value] when `value` is a CBOR tag, otherwise null. */
export function asTag(value: unknown): { tag: number; value: unknown } | null {
  if (value instanceof Tag) {
    const inner: unknown = value.value;
    return { tag: value.tag, value: inner };
  }
  return null;
}

// A DCC nests four levels deep; the bound also stops shared-reference cycles (CBOR tags 28/29).
const MAX_DEPTH = 32;

/**
 * Converts decoded CBOR into JSON data: maps become objects, dates ISO strings,
 * byte strings base64. The DCC payload is JSON by definition (it is specified as a
 * JSON schema), so anything else is represented in the closest JSON form.
 */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`CBOR data nested deeper than ${MAX_DEPTH} levels`);
  const inner = (v: unknown) => toPlain(v, depth + 1);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value as Map<unknown, unknown>) out[String(key)] = inner(item);
    return out;
  }
  if (Array.isArray(value)) return value.map(inner);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  const tag = asTag(value);
  if (tag) return inner(tag.value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = inner(item);
    return out;
  }
  return value;
}

/**
 * COSE Sig_structure for COSE_Sign1 (RFC 9052 §4.4):
 * ["Signature1", body_protected, external_aad = h'', payload], encoded by hand so
 * the bytes are canonical whatever the CBOR library does.
 */
export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Buffer {
  const context = Buffer.from('Signature1', 'utf8');
  return Buffer.concat([
    head(4, 4), // array of 4
    head(3, context.length),
    context,
    head(2, protectedHeader.length),
    protectedHeader,
    head(2, 0), // external_aad: empty byte string
    head(2, payload.length),
    payload,
  ]);
}

function head(majorType: number, length: number): Buffer {
  const mt = majorType << 5;
  if (length < 24) return Buffer.from([mt | length]);
  if (length < 0x100) return Buffer.from([mt | 24, length]);
  if (length < 0x10000) return Buffer.from([mt | 25, length >> 8, length & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = mt | 26;
  b.writeUInt32BE(length, 1);
  return b;
}
