/**
 * Reads an ISO Schematron file (queryBinding="xslt2") into rules whose XPath the runner evaluates with fontoxpath
 * (XPath 3.1, a superset of the XPath 2 the national files are written in).
 *
 * Semantics kept from ISO Schematron as the XSLT implementations run it:
 * - within a pattern, a node is handled by the first rule (document order of the rules) whose context matches it;
 * - `let` is scoped to its rule and visible to what follows it; a later `let` of the same name shadows the earlier one
 *   (the national files redefine some): the runner evaluates a rule's lets and checks in document order;
 * - schema- and pattern-level `let` are evaluated once per document with the document node as context;
 * - a `let` with XSLT content (`xsl:for-each` + `xsl:value-of`, used to build a path string) becomes the equivalent
 *   `string-join(for ... return ...)` expression;
 * - abstract rules (`extends`) are expanded; abstract pattern instances (`is-a`) are refused with a clear error.
 *   No national file (26 schematrons, catalog and corpus) uses either today.
 */
import { Element, parseXmlDocument } from 'slimdom';
import { globalLetScope, markSkippable } from './schematron-lets.ts';
import { letRaisesNoError, routeLet, routeNodes, routeToXPath1, type LetScope } from './xpath1-route.ts';

const SCH = 'http://purl.oclc.org/dsdl/schematron';
const XSL = 'http://www.w3.org/1999/XSL/Transform';

export type MessagePart = { text: string } | { valueOf: string } | { name: true };

export interface CompiledLet {
  kind: 'let';
  name: string;
  value: string;
  /** Its value cannot raise an error (it routes to XPath 1.0, or xpath1-safe.ts accepts it) and no test left on
   * fontoxpath reads it: the runner need
   * not evaluate it on a routed context node (ADR 0030). Messages and fallbacks evaluate it on demand. */
  skippable: boolean;
}

/** An expression as XPath 1.0 for libxml2, with the prefixes it uses. */
export interface XPath1Text {
  expression: string;
  namespaces: Record<string, string>;
}

export interface CompiledCheck {
  kind: 'assert' | 'report';
  test: string;
  message: MessagePart[];
  /** The schematron's own id attribute, used when the text carries no "ERRORE-n|" prefix. */
  idAttribute: string | null;
  /** The test as XPath 1.0 for libxml2 when its meaning is the same there (xpath1-route.ts, ADR 0026), else null. */
  xpath1: XPath1Text | null;
}

/**
 * One branch of a rule context, `//first/rest`, split so the runner can start from the elements named like `first`
 * (an index built once per document) instead of walking the whole tree for each of ~80 rules: measured on VPS.xml,
 * the `//` walks were 75% of the schematron time. `candidates` is null when the branch must be evaluated as written.
 */
export interface ContextBranch {
  select: string;
  /** The branch as written, from the document node: `(//first/rest)`. */
  path: string;
  /** `path` as an XPath 1.0 node-set expression when it means the same there (ADR 0030), else null. */
  xpath1: XPath1Text | null;
  candidates: {
    prefix: string | null;
    localName: string;
    /** `*[contains(local-name(), 'X')...]`: only elements whose name contains X can match (a necessary condition;
     * the predicate itself is still evaluated). Walking every element cost 40% of PSS.xml's schematron time. */
    localNameContains: string | null;
  } | null;
}

export interface CompiledRule {
  /** XPath selecting every node the rule's context pattern matches, evaluated from the document node. */
  select: string;
  branches: ContextBranch[];
  /** Lets and checks in document order: a check sees the lets above it (fontoxpath's parser is exponential on deeply
   * nested expressions, so a rule is evaluated step by step rather than as one nested `let ... return` expression). */
  steps: (CompiledLet | CompiledCheck)[];
}

export interface CompiledSchematron {
  title: string;
  namespaces: Record<string, string>;
  globals: { name: string; value: string }[];
  patterns: CompiledRule[][];
}

function children(el: Element): Element[] {
  return el.children.filter((c) => c.namespaceURI === SCH || c.namespaceURI === XSL);
}

function isSch(el: Element, name: string): boolean {
  return el.namespaceURI === SCH && el.localName === name;
}

/** Splits an XSLT pattern on its top-level `|`. */
function splitBranches(pattern: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      branches.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(pattern.slice(start));
  return branches.map((b) => b.trim());
}

/** Each branch as an expression selecting from the root; relative patterns match at any depth (`//`). */
export function patternToSelect(pattern: string): string {
  return splitBranches(pattern)
    .map((b) => (b.startsWith('/') && !b.startsWith('//') ? b : `//${b.replace(/^\/\//, '')}`))
    .map((b) => `(${b})`)
    .join(' | ');
}

/** Length of the leading step `name[...]...` of `text` (balanced brackets, quotes respected). */
function firstStepLength(text: string): number {
  const name = /^(?:[\w.-]+:)?(?:[\w.-]+|\*)/.exec(text);
  if (!name) return -1;
  let i = name[0].length;
  while (text.charAt(i) === '[') {
    let depth = 0;
    let quote: string | null = null;
    for (; i < text.length; i++) {
      const ch = text.charAt(i);
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[') depth++;
      else if (ch === ']' && --depth === 0) break;
    }
    i++;
  }
  return i;
}

/** A branch from the document node: absolute as written, a relative pattern at any depth (`//`). */
function branchPath(branch: string): string {
  return `(${branch.startsWith('/') && !branch.startsWith('//') ? branch : `//${branch.replace(/^\/\//, '')}`})`;
}

export function contextBranches(pattern: string, namespaces: Record<string, string> = {}): ContextBranch[] {
  return splitBranches(pattern).map((branch): ContextBranch => {
    const path = branchPath(branch);
    const routed = routeNodes(path, namespaces);
    const xpath1 = 'xpath1' in routed ? { expression: routed.xpath1, namespaces: routed.namespaces } : null;
    return { ...selectBranch(branch), path, xpath1 };
  });
}

function selectBranch(branch: string): Pick<ContextBranch, 'select' | 'candidates'> {
  const relative = branch.replace(/^\/\//, '');
  const select = branchPath(branch);
  if (branch.startsWith('/') && !branch.startsWith('//')) return { select, candidates: null };
  const length = firstStepLength(relative);
  const first = relative.slice(0, Math.max(0, length));
  const rest = relative.slice(Math.max(0, length));
  // A positional predicate means position among siblings, which `self::` would not keep: walk as written.
  const positional = /\[\s*\d|position\(|last\(/.test(first);
  if (length <= 0 || positional || (rest !== '' && !rest.startsWith('/'))) return { select, candidates: null };
  const colon = first.search(/[:[]/);
  const hasPrefix = colon > 0 && first.charAt(colon) === ':';
  const nameEnd = !first.includes('[') ? first.length : first.indexOf('[');
  const prefix = hasPrefix ? first.slice(0, colon) : null;
  const localName = first.slice(hasPrefix ? colon + 1 : 0, nameEnd);
  const contains =
    localName === '*' ? /^\*\[\s*contains\(\s*local-name\(\s*\)\s*,\s*'([^']+)'\s*\)\s*\]/.exec(first) : null;
  return {
    select: `$fseCandidates/self::${first}${rest}`,
    candidates: { prefix, localName, localNameContains: contains?.[1] ?? null },
  };
}

/** `xsl:for-each select=S` + `xsl:value-of select=V` inside a let, as one XPath string expression. */
function xsltLetToXPath(letEl: Element): string {
  const parts = children(letEl).map((c) => {
    if (c.namespaceURI === XSL && c.localName === 'for-each') {
      const inner = children(c).map((v) => `string(${v.getAttribute('select') ?? "''"})`);
      return `string-join(for $fseNode in (${c.getAttribute('select') ?? '()'}) return $fseNode ! concat(${
        inner.length > 0 ? inner.join(', ') : "''"
      }, ''), '')`;
    }
    if (c.namespaceURI === XSL && c.localName === 'value-of') return `string(${c.getAttribute('select') ?? "''"})`;
    throw new Error(`unsupported element in let: ${c.nodeName}`);
  });
  if (parts.length === 0) return `'${(letEl.textContent ?? '').replaceAll("'", "''")}'`;
  return `concat(${parts.join(', ')}, '')`;
}

function letValue(letEl: Element): string {
  const value = letEl.getAttribute('value');
  return value ?? xsltLetToXPath(letEl);
}

function message(el: Element): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const node of el.childNodes) {
    if (node.nodeType === 3 || node.nodeType === 4) parts.push({ text: node.nodeValue ?? '' });
    else if (node instanceof Element) {
      const child = node;
      if (isSch(child, 'name')) parts.push({ name: true });
      else if (isSch(child, 'value-of')) parts.push({ valueOf: child.getAttribute('select') ?? "''" });
      else parts.push({ text: child.textContent ?? '' });
    }
  }
  return parts;
}

function compileRule(
  rule: Element,
  abstractRules: Map<string, Element>,
  namespaces: Record<string, string>,
  globalLets: LetScope,
): CompiledRule {
  const body = children(rule).flatMap((c) =>
    isSch(c, 'extends') ? children(abstractRules.get(c.getAttribute('rule') ?? '') ?? c) : [c],
  );
  const steps: (CompiledLet | CompiledCheck)[] = [];
  // A rule's let shadows an outer one of the same name from where it stands (ADR 0030).
  const lets = new Map(globalLets);
  const errorFree = new Set<CompiledLet>();
  for (const el of body) {
    if (isSch(el, 'let')) {
      const step: CompiledLet = { kind: 'let', name: el.getAttribute('name') ?? '', value: '', skippable: false };
      step.value = letValue(el);
      const routed = routeLet(step.value, namespaces, lets);
      // Routed, or one of the message-text shapes that cannot fail either (xpath1-safe.ts).
      if (routed ?? letRaisesNoError(step.value, namespaces, lets)) errorFree.add(step);
      lets.set(step.name, routed);
      steps.push(step);
    } else if (isSch(el, 'assert') || isSch(el, 'report')) {
      const test = el.getAttribute('test') ?? (isSch(el, 'assert') ? 'true()' : 'false()');
      const routed = routeToXPath1(test, namespaces, lets);
      steps.push({
        kind: isSch(el, 'assert') ? 'assert' : 'report',
        test,
        message: message(el),
        idAttribute: el.getAttribute('id'),
        xpath1: 'xpath1' in routed ? { expression: routed.xpath1, namespaces: routed.namespaces } : null,
      });
    }
  }
  markSkippable(steps, errorFree);
  const context = rule.getAttribute('context') ?? '/';
  return { select: patternToSelect(context), branches: contextBranches(context, namespaces), steps };
}

export function compileSchematron(source: string): CompiledSchematron {
  const doc = parseXmlDocument(source);
  const root = doc.documentElement;
  if (!root || !isSch(root, 'schema')) throw new Error('not an ISO Schematron schema');
  const namespaces: Record<string, string> = {};
  for (const attr of root.attributes) {
    if (attr.prefix === 'xmlns') namespaces[attr.localName] = attr.value;
  }
  const globals: { name: string; value: string }[] = [];
  const abstractRules = new Map<string, Element>();
  const abstractPatterns = new Map<string, Element>();
  for (const el of children(root)) {
    if (isSch(el, 'ns')) namespaces[el.getAttribute('prefix') ?? ''] = el.getAttribute('uri') ?? '';
    if (isSch(el, 'let')) globals.push({ name: el.getAttribute('name') ?? '', value: letValue(el) });
    if (isSch(el, 'pattern') && el.getAttribute('abstract') === 'true')
      abstractPatterns.set(el.getAttribute('id') ?? '', el);
  }
  const concrete = children(root).filter((el) => isSch(el, 'pattern') && el.getAttribute('abstract') !== 'true');
  for (const pattern of concrete) {
    if (pattern.getAttribute('is-a')) throw new Error('abstract pattern instantiation (is-a) is not supported');
    for (const el of children(pattern)) {
      if (isSch(el, 'let')) globals.push({ name: el.getAttribute('name') ?? '', value: letValue(el) });
    }
  }
  // Every pattern's lets are evaluated before any rule (the runner's globals), so all are in every rule's scope.
  const globalLets = globalLetScope(globals, namespaces);
  const patterns: CompiledRule[][] = [];
  for (const pattern of concrete) {
    for (const el of children(pattern)) {
      if (isSch(el, 'rule') && el.getAttribute('abstract') === 'true')
        abstractRules.set(el.getAttribute('id') ?? '', el);
    }
    const rules = children(pattern).filter((el) => isSch(el, 'rule') && el.getAttribute('abstract') !== 'true');
    patterns.push(rules.map((rule) => compileRule(rule, abstractRules, namespaces, globalLets)));
  }
  return {
    title: root.getElementsByTagNameNS(SCH, 'title')[0]?.textContent?.trim() ?? '',
    namespaces,
    globals,
    patterns,
  };
}
