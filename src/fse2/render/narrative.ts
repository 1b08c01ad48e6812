import type { Element, Node } from 'slimdom';
import { HL7, isElement, isText } from './dom.ts';
import type { NarrativeClass, NarrativeElement, NarrativeNode, NarrativeTag } from './view-model.ts';

/**
 * The CDA narrative block (section/text) as an allow-list tree (ADR 0012). Only the names below become elements;
 * no attribute is ever copied (so no on* handler, href, src or style can survive), only styleCode, mapped to four
 * classes, and table cells' spans as bounded numbers. linkHtml keeps its text and loses its link; renderMultiMedia,
 * footnoteRef, col/colgroup, script and style, and any element outside the HL7 namespace (an XHTML <img>, <script>)
 * are dropped with their content; any other element is replaced by its text.
 */
const ELEMENTS: Readonly<Record<string, NarrativeTag>> = {
  paragraph: 'p',
  content: 'span',
  footnote: 'span',
  item: 'li',
  table: 'table',
  caption: 'caption',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  th: 'th',
  td: 'td',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
};
const DROPPED = new Set(['renderMultiMedia', 'footnoteRef', 'col', 'colgroup', 'script', 'style']);
const STYLES: Readonly<Record<string, NarrativeClass>> = {
  bold: 'bold',
  italics: 'italic',
  underline: 'underline',
  emphasis: 'emphasis',
};
/** Real narratives nest a few levels (list > item > table > tr > td > content); deeper is flattened to text. */
const MAX_DEPTH = 24;
const CELLS = new Set<NarrativeTag>(['td', 'th']);

function classesOf(el: Element): NarrativeClass[] {
  const codes = (el.getAttribute('styleCode') ?? '').split(/\s+/);
  const out = new Set<NarrativeClass>();
  for (const code of codes) {
    const mapped = STYLES[code.toLowerCase()];
    if (mapped !== undefined) out.add(mapped);
  }
  return [...out];
}

function span(el: Element, name: string): number | undefined {
  const n = Number(el.getAttribute(name));
  return Number.isInteger(n) && n > 1 ? Math.min(n, 100) : undefined;
}

/** Text nodes next to each other become one string; white space runs one space. */
function pushText(out: NarrativeNode[], text: string): void {
  const normalised = text.replace(/\s+/g, ' ');
  if (normalised === '') return;
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] += normalised;
  else out.push(normalised);
}

function convert(node: Node, parent: NarrativeTag | null, depth: number, out: NarrativeNode[]): void {
  if (isText(node)) {
    pushText(out, node.data);
    return;
  }
  if (!isElement(node)) return; // comments, processing instructions
  if (node.namespaceURI !== HL7 || DROPPED.has(node.localName)) return;
  const tag = tagOf(node, parent);
  if (tag === undefined || depth >= MAX_DEPTH) {
    pushText(out, node.textContent ?? ''); // linkHtml, unknown elements, and what is too deep: their text only
    return;
  }
  const children: NarrativeNode[] = [];
  if (tag !== 'br') for (const c of node.childNodes) convert(c, tag, depth + 1, children);
  const element: { -readonly [K in keyof NarrativeElement]: NarrativeElement[K] } = {
    tag,
    // A caption outside a table (CDA allows one in a paragraph or a list) is shown as bold text.
    classes: node.localName === 'caption' && tag === 'span' ? ['bold'] : classesOf(node),
    children: structural(tag, trimEdges(children)),
  };
  if (CELLS.has(tag)) {
    const colSpan = span(node, 'colspan');
    const rowSpan = span(node, 'rowspan');
    if (colSpan !== undefined) element.colSpan = colSpan;
    if (rowSpan !== undefined) element.rowSpan = rowSpan;
  }
  out.push(element);
}

function tagOf(el: Element, parent: NarrativeTag | null): NarrativeTag | undefined {
  if (el.localName === 'list') return el.getAttribute('listType') === 'ordered' ? 'ol' : 'ul';
  if (el.localName === 'caption' && parent !== 'table') return 'span';
  return ELEMENTS[el.localName];
}

/** What HTML allows directly inside a list, a table, its row groups and a row. */
const ALLOWED_CHILDREN: Partial<Record<NarrativeTag, readonly NarrativeTag[]>> = {
  ul: ['li'],
  ol: ['li'],
  table: ['caption', 'thead', 'tbody', 'tfoot', 'tr'],
  thead: ['tr'],
  tbody: ['tr'],
  tfoot: ['tr'],
  tr: ['td', 'th'],
};
const WRAPPER: Partial<Record<NarrativeTag, NarrativeTag[]>> = {
  ul: ['li'],
  ol: ['li'],
  table: ['tbody', 'tr', 'td'],
  thead: ['tr', 'td'],
  tbody: ['tr', 'td'],
  tfoot: ['tr', 'td'],
  tr: ['td'],
};

const wrapIn = (tags: readonly NarrativeTag[], node: NarrativeNode): NarrativeNode =>
  tags.reduceRight<NarrativeNode>((inner, tag) => ({ tag, classes: [], children: [inner] }), node);

/**
 * HTML allows only some children in a list, a table, its row groups and a row (axe's "list" rule, React's nesting
 * check): the XML's indentation there is dropped, and anything else the CDA put there (a list's caption, text) is
 * wrapped in an item or a cell, so that it stays visible where a browser would have moved it. A table's caption
 * comes first, as HTML wants it.
 */
function structural(tag: NarrativeTag, nodes: NarrativeNode[]): NarrativeNode[] {
  const allowed = ALLOWED_CHILDREN[tag];
  const wrapper = WRAPPER[tag];
  if (allowed === undefined || wrapper === undefined) return nodes;
  const out = nodes.flatMap((n): NarrativeNode[] => {
    if (typeof n === 'string') return n.trim() === '' ? [] : [wrapIn(wrapper, n.trim())];
    return [allowed.includes(n.tag) ? n : wrapIn(wrapper, n)];
  });
  const isCaption = (n: NarrativeNode) => typeof n !== 'string' && n.tag === 'caption';
  return tag === 'table' ? [...out.filter(isCaption).slice(0, 1), ...out.filter((n) => !isCaption(n))] : out;
}

/** Leading and trailing spaces of a block's text are layout of the XML file, not of the document. */
function trimEdges(nodes: NarrativeNode[]): NarrativeNode[] {
  const out = [...nodes];
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = out[last].trimEnd();
  return out.filter((n) => n !== '');
}

/** section/text as narrative nodes; an absent text is no narrative. */
export function narrativeOf(text: Element | null): NarrativeNode[] {
  if (text === null) return [];
  const out: NarrativeNode[] = [];
  for (const c of text.childNodes) convert(c, null, 0, out);
  return trimEdges(out);
}
