import { Element, Text, type Node } from 'slimdom';

export const HL7 = 'urn:hl7-org:v3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** HL7 children of an element with this local name. */
export const childrenNamed = (el: Element | null | undefined, name: string): Element[] =>
  el?.children.filter((c) => c.namespaceURI === HL7 && c.localName === name) ?? [];

export const child = (el: Element | null | undefined, name: string): Element | null =>
  childrenNamed(el, name)[0] ?? null;

/** The first element down a path of HL7 child names. */
export function at(el: Element | null | undefined, ...path: string[]): Element | null {
  let current: Element | null = el ?? null;
  for (const name of path) current = child(current, name);
  return current;
}

/** An element's text with white space runs made one space, as a browser shows it. */
export const textOf = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export const attr = (el: Element | null | undefined, name: string): string | null => {
  const value = el?.getAttribute(name);
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
};

/** xsi:type without its prefix ("PQ"). */
export const xsiType = (el: Element): string | null => el.getAttributeNS(XSI, 'type')?.replace(/^.*:/, '') ?? null;

export const isElement = (node: Node): node is Element => node instanceof Element;
/** Text and CDATA sections (CDATASection extends Text). */
export const isText = (node: Node): node is Text => node instanceof Text;

/** Descendant HL7 elements with this local name, in document order, at most `limit` of them. */
export function descendants(el: Element, name: string, limit: number): Element[] {
  const found: Element[] = [];
  const stack = [...el.children].reverse();
  while (stack.length > 0 && found.length < limit) {
    const next = stack.pop();
    if (next === undefined) break;
    if (next.namespaceURI === HL7 && next.localName === name) found.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) {
      const c = next.children[i];
      if (c !== undefined) stack.push(c);
    }
  }
  return found;
}

/** A person's or organisation's name: prefix, given, family (or the name's own text when it has no parts). */
export function nameText(name: Element | null): string {
  if (name === null) return '';
  const parts = ['prefix', 'given', 'family', 'suffix'].flatMap((p) => childrenNamed(name, p).map(textOf));
  const joined = parts.filter((p) => p !== '').join(' ');
  return joined === '' ? textOf(name) : joined;
}
