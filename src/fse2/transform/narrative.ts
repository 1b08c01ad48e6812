/**
 * CDA narrative block → FHIR Narrative XHTML. FHIR R4 allows only a subset of XHTML in `div` (no scripts, forms,
 * event attributes or external objects), so the mapping is an allow-list: each CDA narrative element maps to one
 * XHTML element; anything else keeps its text and loses its markup; renderMultiMedia (an external object) is dropped.
 */
import type { Narrative } from '@medplum/fhirtypes';
import { Element, Text, type Node } from 'slimdom';

const ELEMENT: Record<string, string> = {
  paragraph: 'p',
  content: 'span',
  list: 'ul',
  item: 'li',
  caption: 'b',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  footnote: 'span',
  footnoteRef: 'span',
  linkHtml: 'a',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  th: 'th',
  td: 'td',
  col: 'col',
  colgroup: 'colgroup',
};
const TABLE_ATTRIBUTES = new Set(['colspan', 'rowspan', 'align', 'valign']);

const escape = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function attributes(el: Element, tag: string): string {
  let out = '';
  const id = el.getAttribute('ID');
  if (id !== null && ID.test(id)) out += ` id="${escape(id)}"`;
  for (const name of TABLE_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value !== null && /^[A-Za-z0-9]+$/.test(value)) out += ` ${name}="${value}"`;
  }
  const href = el.getAttribute('href');
  // Only web links: a javascript: or data: URL must never reach a reader's browser.
  if (tag === 'a' && href !== null && /^https?:\/\//i.test(href)) out += ` href="${escape(href)}"`;
  return out;
}

function render(node: Node): string {
  // Text covers CDATA sections too (slimdom's CDATASection extends Text).
  if (node instanceof Text) return escape(node.data);
  if (!(node instanceof Element)) return '';
  const el = node;
  if (el.localName === 'renderMultiMedia') return '';
  const inner = el.childNodes.map(render).join('');
  let tag = ELEMENT[el.localName];
  if (tag === 'ul' && el.getAttribute('listType') === 'ordered') tag = 'ol';
  if (tag === undefined) return inner;
  if (tag === 'br' || tag === 'col') return `<${tag}/>`;
  return `<${tag}${attributes(el, tag)}>${inner}</${tag}>`;
}

/**
 * The section's narrative as FHIR Narrative. FHIR requires some non-whitespace content (txt-2), so an empty CDA
 * text becomes the section's title.
 */
export function narrative(textEl: Element | undefined, fallback: string): Narrative {
  const body = textEl === undefined ? '' : textEl.childNodes.map(render).join('').trim();
  const hasWords = body.replace(/<[^>]*>/g, '').trim() !== '';
  const content = hasWords ? body : `<p>${escape(fallback)}</p>`;
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${content}</div>` };
}
