/**
 * The XPath functions xpath1-route.ts routes (ADR 0026), each with the static kind of its result, and the shared
 * pieces of the allow-list: XQueryX access, the kinds, the refusal, the string-argument rule and XPath 1.0 literals.
 */
import type { Element } from 'slimdom';

export const XQX = 'http://www.w3.org/2005/XQueryX';
export const FN = 'http://www.w3.org/2005/xpath-functions';

export function kids(el: Element): Element[] {
  return el.children.filter((c) => c.namespaceURI === XQX);
}

export function child(el: Element, localName: string): Element | undefined {
  return kids(el).find((c) => c.localName === localName);
}

export function only(el: Element | undefined): Element {
  const list = el ? kids(el) : [];
  if (list.length !== 1 || !list[0]) fail('expected one operand');
  return list[0];
}

/**
 * A call of the XPath functions: fontoxpath's tree carries their namespace URI, except in some positions (inside a
 * `for` clause it leaves the name bare). Unprefixed, a function name means fn: in XPath (the default function
 * namespace; XPath declares no other functions), so a bare unprefixed name is fn: too.
 */
export function isFn(nameEl: Element): boolean {
  const uri = nameEl.getAttributeNS(XQX, 'URI');
  return uri === FN || (uri === null && (nameEl.getAttributeNS(XQX, 'prefix') ?? '') === '');
}

/** What an expression yields, statically. `single`: at most one node (string functions need it in XPath 2.0). */
export type Kind = 'nodes' | 'string' | 'number' | 'boolean';
export interface Typed {
  text: string;
  kind: Kind;
  single: boolean;
}

export class Unsupported extends Error {}

export function fail(what: string): never {
  throw new Unsupported(what);
}

/** A value a string function accepts alike in both: one string, or at most one node (its string value). */
function stringArg(arg: Typed): string {
  if (arg.kind === 'string' || (arg.kind === 'nodes' && arg.single)) return arg.text;
  return fail('string argument not provably a single string or node');
}

/** An XPath 1.0 string literal; a value holding both quote characters has none. */
export function quote(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return fail('literal with both quotes');
}

/** A call of fn:`name` on arguments already routed, as XPath 1.0 with its kind; refused outside the allow-list. */
export function routeCall(name: string, typed: Typed[]): Typed {
  const arity = typed.length;
  const bool = (text: string): Typed => ({ text, kind: 'boolean', single: true });
  switch (`${name}#${arity}`) {
    case 'true#0':
    case 'false#0':
      return bool(`${name}()`);
    // Effective boolean value: the same for nodes, one string, one number, a boolean.
    case 'not#1':
    case 'boolean#1':
      return bool(`${name}(${typed[0]?.text ?? ''})`);
    // On nodes, exists/empty are boolean/not of the node set.
    case 'exists#1':
    case 'empty#1':
      if (typed[0]?.kind !== 'nodes') fail(`${name} of non-nodes`);
      return bool(`${name === 'exists' ? 'boolean' : 'not'}(${typed[0].text})`);
    case 'count#1':
      if (typed[0]?.kind !== 'nodes') fail('count of non-nodes');
      return { text: `count(${typed[0].text})`, kind: 'number', single: true };
    case 'position#0':
    case 'last#0':
      return { text: `${name}()`, kind: 'number', single: true };
    case 'string-length#0':
    case 'string-length#1':
      return { text: `string-length(${typed.map(stringArg).join(', ')})`, kind: 'number', single: true };
    case 'string#0':
    case 'string#1':
    case 'normalize-space#0':
    case 'normalize-space#1':
    case 'local-name#0':
    case 'local-name#1':
    case 'name#0':
    case 'name#1':
    case 'namespace-uri#0':
    case 'namespace-uri#1':
    case 'substring-before#2':
    case 'substring-after#2':
    case 'translate#3':
      if (name.endsWith('name') || name === 'namespace-uri') {
        if (typed.some((t) => t.kind !== 'nodes' || !t.single)) fail(`${name} of a non-node or several nodes`);
      }
      return { text: `${name}(${typed.map(stringArg).join(', ')})`, kind: 'string', single: true };
    case 'contains#2':
    case 'starts-with#2':
      return bool(`${name}(${typed.map(stringArg).join(', ')})`);
    default:
      if (name === 'concat' && arity >= 2) {
        return { text: `concat(${typed.map(stringArg).join(', ')})`, kind: 'string', single: true };
      }
      return fail(`function ${name}#${arity}`);
  }
}
