/**
 * The CDA2 as a DOM, read through the same safe gate as the validation engine: decodeXml refuses any DOCTYPE or
 * entity declaration before slimdom sees the text, so no external entity, DTD or network fetch can be resolved.
 */
import { parseXmlDocument, type Element } from 'slimdom';
import { DEFAULT_MAX_BYTES, decodeXml } from '../validation/xml-input.ts';

export type { Element };
export const HL7 = 'urn:hl7-org:v3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export type ParsedCda = { ok: true; root: Element } | { ok: false; message: string };

export function parseCda(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ParsedCda {
  const decoded = decodeXml(bytes, maxBytes);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  let root: Element | null;
  try {
    root = parseXmlDocument(decoded.text).documentElement;
  } catch (error) {
    return { ok: false, message: `not well-formed XML: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  if (root?.namespaceURI !== HL7 || root.localName !== 'ClinicalDocument') {
    return { ok: false, message: 'root element is not urn:hl7-org:v3 ClinicalDocument' };
  }
  return { ok: true, root };
}

/** The HL7 children of `el` named `name`, in document order. */
export function kids(el: Element | undefined, name: string): Element[] {
  if (el === undefined) return [];
  return el.children.filter((c) => c.localName === name && c.namespaceURI === HL7);
}

/** The first HL7 element at the end of a child path ("a/b/c"), or undefined. */
export function child(el: Element | undefined, path: string): Element | undefined {
  let at = el;
  for (const step of path.split('/')) {
    at = kids(at, step)[0];
    if (at === undefined) return undefined;
  }
  return at;
}

/** Every HL7 element at the end of a child path. */
export function all(el: Element | undefined, path: string): Element[] {
  let level = el === undefined ? [] : [el];
  for (const step of path.split('/')) level = level.flatMap((e) => kids(e, step));
  return level;
}

export function attr(el: Element | undefined, name: string): string | undefined {
  const value = el?.getAttribute(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function xsiType(el: Element | undefined): string | undefined {
  const value = el?.getAttributeNS(XSI, 'type') ?? undefined;
  // xsi:type may carry a prefix ("hl7:PQ"); the local part names the HL7 data type.
  return value?.slice(value.indexOf(':') + 1);
}

/** Text content with whitespace collapsed, or undefined when blank. */
export function text(el: Element | undefined): string | undefined {
  const value = el?.textContent?.replace(/\s+/g, ' ').trim();
  return value === undefined || value === '' ? undefined : value;
}
