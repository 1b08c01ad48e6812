/**
 * First gate of every document, before any XML parser sees it: size limit, encoding, and refusal of DTDs.
 *
 * CDA2 documents never carry a DOCTYPE (the national schemas define everything), so any `<!DOCTYPE` or `<!ENTITY` is
 * refused outright: that closes external entities, external DTD fetches and entity expansion bombs (billion laughs)
 * before a parser could be asked to resolve them. The parsers behind this gate are also configured never to load
 * anything (see xsd.ts), so this is defence in depth, not the only line.
 */

export type DecodedXml = { ok: true; text: string; encoding: string } | { ok: false; message: string };

/** 20 MiB: the largest national corpus document is under 1 MiB; a CDA with embedded images stays well below this. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

function declaredEncoding(head: string): string | null {
  const match = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function detectEncoding(bytes: Uint8Array): { encoding: string; bomLength: number } {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  // No BOM: "<?" written in UTF-16 shows as 00 3C / 3C 00 (XML 1.0 appendix F).
  if (b0 === 0x00 && b1 === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  if (b0 === 0x3c && b1 === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = declaredEncoding(head);
  return { encoding: declared === 'utf-16' ? 'utf-8' : (declared ?? 'utf-8'), bomLength: 0 };
}

const SUPPORTED = new Set([
  'utf-8',
  'utf8',
  'utf-16be',
  'utf-16le',
  'iso-8859-1',
  'latin1',
  'us-ascii',
  'windows-1252',
]);

export function decodeXml(bytes: Uint8Array, maxBytes: number): DecodedXml {
  if (bytes.byteLength > maxBytes) {
    return { ok: false, message: `document of ${bytes.byteLength} bytes exceeds the limit of ${maxBytes} bytes` };
  }
  if (bytes.byteLength === 0) return { ok: false, message: 'empty document' };
  const { encoding, bomLength } = detectEncoding(bytes);
  if (!SUPPORTED.has(encoding)) return { ok: false, message: `unsupported encoding "${encoding}"` };
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bomLength));
  } catch {
    return { ok: false, message: `bytes are not valid ${encoding.toUpperCase()}` };
  }
  // The parsers receive a JS string, so the declaration must no longer claim UTF-16 (libxml2 would re-decode).
  text = text.replace(/^(<\?xml[^>]*encoding\s*=\s*["'])[A-Za-z0-9._-]+(["'])/, '$1UTF-8$2');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    return { ok: false, message: 'DOCTYPE and entity declarations are not allowed in a CDA2 document' };
  }
  return { ok: true, text, encoding };
}
