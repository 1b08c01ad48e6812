/**
 * Decides, once per schematron expression, whether its XPath 2.0 meaning (what fontoxpath evaluates) is exactly its
 * XPath 1.0 meaning, and if so writes it out as XPath 1.0 for libxml2 (ADR 0026). The expression is read from
 * fontoxpath's own parser (`parseScript`, XQueryX): no XPath parser of ours. An allow-list of constructs, each with a
 * static kind (node sequence, single string, single number, boolean); anything outside it returns null and the
 * expression stays on fontoxpath. The output is printed from the tree (full axis names, re-quoted literals), so the
 * XPath 2.0-only syntax that reads the same (comments, doubled quotes) never reaches libxml2.
 */
import { Document, type Element } from 'slimdom';
import { parseScript } from './xpath.ts';

const XQX = 'http://www.w3.org/2005/XQueryX';
const FN = 'http://www.w3.org/2005/xpath-functions';

/** What an expression yields, statically. `single`: at most one node (string functions need it in XPath 2.0). */
type Kind = 'nodes' | 'string' | 'number' | 'boolean';
interface Typed {
  text: string;
  kind: Kind;
  single: boolean;
}

class Unsupported extends Error {}

function fail(what: string): never {
  throw new Unsupported(what);
}

function kids(el: Element): Element[] {
  return el.children.filter((c) => c.namespaceURI === XQX);
}

function child(el: Element, localName: string): Element | undefined {
  return kids(el).find((c) => c.localName === localName);
}

function only(el: Element | undefined): Element {
  const list = el ? kids(el) : [];
  if (list.length !== 1 || !list[0]) fail('expected one operand');
  return list[0];
}

/** Forward and reverse axes whose node sets and proximity positions XPath 1.0 and 2.0 define alike. */
const AXES = new Set([
  'child',
  'attribute',
  'self',
  'parent',
  'descendant',
  'descendant-or-self',
  'ancestor',
  'ancestor-or-self',
  'following-sibling',
  'preceding-sibling',
]);

/** Axes on which `node()` can select only elements or the document node. */
const NO_TEXT_AXES = new Set(['self', 'parent', 'ancestor', 'ancestor-or-self']);

/** A value a string function accepts alike in both: one string, or at most one node (its string value). */
function stringArg(arg: Typed): string {
  if (arg.kind === 'string' || (arg.kind === 'nodes' && arg.single)) return arg.text;
  return fail('string argument not provably a single string or node');
}

class Router {
  private readonly namespaces: Record<string, string>;
  /** The prefixes the expression uses, bound for libxml2 (binding all of a schematron's costs a string copy each). */
  readonly used: Record<string, string> = {};

  constructor(namespaces: Record<string, string>) {
    this.namespaces = namespaces;
  }

  expr(el: Element): Typed {
    switch (el.localName) {
      case 'andOp':
      case 'orOp': {
        const a = this.expr(only(child(el, 'firstOperand')));
        const b = this.expr(only(child(el, 'secondOperand')));
        const op = el.localName === 'andOp' ? 'and' : 'or';
        return { text: `(${a.text} ${op} ${b.text})`, kind: 'boolean', single: true };
      }
      case 'equalOp':
      case 'notEqualOp':
        return this.equality(el, el.localName === 'equalOp' ? '=' : '!=');
      case 'lessThanOp':
      case 'lessThanOrEqualOp':
      case 'greaterThanOp':
      case 'greaterThanOrEqualOp':
        return this.relational(el);
      case 'addOp':
      case 'subtractOp':
      case 'multiplyOp': {
        const a = this.number(only(child(el, 'firstOperand')));
        const b = this.number(only(child(el, 'secondOperand')));
        const op = { addOp: '+', subtractOp: '-', multiplyOp: '*' }[el.localName];
        return { text: `(${a} ${op} ${b})`, kind: 'number', single: true };
      }
      case 'unaryMinusOp':
        return { text: `(- ${this.number(only(child(el, 'operand')))})`, kind: 'number', single: true };
      case 'unionOp': {
        const a = this.expr(only(child(el, 'firstOperand')));
        const b = this.expr(only(child(el, 'secondOperand')));
        if (a.kind !== 'nodes' || b.kind !== 'nodes') fail('union of non-nodes');
        return { text: `(${a.text} | ${b.text})`, kind: 'nodes', single: false };
      }
      case 'pathExpr':
        return this.path(el);
      case 'contextItemExpr':
        // Schematron contexts here are nodes (the runner routes only element contexts).
        return { text: '.', kind: 'nodes', single: true };
      case 'sequenceExpr': {
        const inner = kids(el);
        if (inner.length !== 1 || !inner[0]) fail('sequence constructor');
        const typed = this.expr(inner[0]);
        return { ...typed, text: `(${typed.text})` };
      }
      case 'stringConstantExpr':
        return { text: quote(child(el, 'value')?.textContent ?? ''), kind: 'string', single: true };
      case 'integerConstantExpr': {
        const value = child(el, 'value')?.textContent ?? '';
        // An xs:integer and its double are the same number below 2^53; XPath 1.0 has only doubles.
        if (!/^\d{1,15}$/.test(value)) fail('integer literal out of exact double range');
        return { text: String(Number(value)), kind: 'number', single: true };
      }
      case 'functionCallExpr':
        return this.call(el);
      default:
        return fail(el.localName);
    }
  }

  private number(el: Element): string {
    const typed = this.expr(el);
    if (typed.kind !== 'number') fail('arithmetic or order on a value that is not a number');
    return typed.text;
  }

  /**
   * `=` / `!=`: existential in both. Nodes against nodes or strings compare string values in both (untypedAtomic
   * compares as string in 2.0); numbers against numbers alike. Excluded: booleans (1.0 converts the other side to
   * boolean, 2.0 casts untyped to xs:boolean or fails), nodes against numbers (2.0 casts the node to xs:double and
   * fails on "abc", 1.0 gives NaN), strings against numbers (a type error in 2.0).
   */
  private equality(el: Element, op: string): Typed {
    const a = this.expr(only(child(el, 'firstOperand')));
    const b = this.expr(only(child(el, 'secondOperand')));
    const textual = (t: Typed): boolean => t.kind === 'nodes' || t.kind === 'string';
    const same = (textual(a) && textual(b)) || (a.kind === 'number' && b.kind === 'number');
    if (!same) fail(`comparison of ${a.kind} with ${b.kind}`);
    return { text: `(${a.text} ${op} ${b.text})`, kind: 'boolean', single: true };
  }

  /** `<` `>` `<=` `>=`: only between numbers (1.0 converts strings and nodes to numbers, 2.0 compares them as text). */
  private relational(el: Element): Typed {
    const a = this.number(only(child(el, 'firstOperand')));
    const b = this.number(only(child(el, 'secondOperand')));
    const op = {
      lessThanOp: '<',
      lessThanOrEqualOp: '<=',
      greaterThanOp: '>',
      greaterThanOrEqualOp: '>=',
    }[el.localName];
    return { text: `(${a} ${op} ${b})`, kind: 'boolean', single: true };
  }

  private path(el: Element): Typed {
    const parts: string[] = [];
    let single = true;
    let first = true;
    let afterAnyDescendant = false;
    for (const step of kids(el)) {
      if (step.localName === 'rootExpr') {
        parts.push('');
        first = false;
        continue;
      }
      if (step.localName !== 'stepExpr') fail(step.localName);
      const filter = child(step, 'filterExpr');
      let text: string;
      let stepSingle: boolean;
      if (filter) {
        // A parenthesised node expression as the path's first step: `(a | b)[1]/c`.
        if (!first) fail('filter expression after the first step');
        const inner = this.expr(only(filter));
        if (inner.kind !== 'nodes') fail('filter over non-nodes');
        text = `(${inner.text})`;
        stepSingle = inner.single;
      } else {
        const axis = child(step, 'xpathAxis')?.textContent ?? '';
        if (!AXES.has(axis)) fail(`axis ${axis}`);
        text = `${axis}::${this.nodeTest(step, axis)}`;
        stepSingle = single && (axis === 'self' || axis === 'parent' || (axis === 'attribute' && !text.endsWith('*')));
      }
      const stepHead = text;
      const predicates = child(step, 'predicates');
      for (const predicate of predicates ? kids(predicates) : []) {
        const typed = this.expr(predicate);
        // A numeric predicate is a position in both; `[1]` keeps at most one node of each step's input.
        if (typed.kind === 'number' && predicate.localName === 'integerConstantExpr' && (first || single)) {
          stepSingle = true;
        }
        text += `[${typed.text}]`;
      }
      if (afterAnyDescendant && !/^(child|attribute|descendant)::[^(/[]+$/.test(stepHead)) fail('`//` then node()');
      afterAnyDescendant = stepHead === 'descendant-or-self::node()';
      if (afterAnyDescendant && text !== stepHead) fail('predicate on `//`');
      single = (first ? true : single) && stepSingle;
      parts.push(text);
      first = false;
    }
    if (afterAnyDescendant) fail('`//` at the end of a path');
    return { text: parts.length === 1 && parts[0] === '' ? '/' : parts.join('/'), kind: 'nodes', single };
  }

  private nodeTest(step: Element, axis: string): string {
    const nameTest = child(step, 'nameTest');
    if (nameTest) {
      const prefix = nameTest.getAttributeNS(XQX, 'prefix') ?? '';
      const name = nameTest.textContent ?? '';
      if (prefix === '') {
        // Unprefixed element names are in no namespace in 1.0; in 2.0 in the default element namespace, if any.
        if (axis !== 'attribute' && this.namespaces[''] !== undefined) fail('default element namespace');
        return name;
      }
      const uri = this.namespaces[prefix];
      if (uri === undefined) fail(`unbound prefix ${prefix}`);
      this.used[prefix] = uri;
      return `${prefix}:${name}`;
    }
    const wildcard = child(step, 'Wildcard');
    if (wildcard) {
      if (kids(wildcard).length > 0) fail('namespace wildcard');
      return '*';
    }
    // node() only where it selects no text node, or (`//`) only to step on to named children: libxml2 keeps a CDATA
    // section apart from adjacent text where the 2.0 data model merges them, so text nodes are never counted or read.
    if (child(step, 'anyKindTest') && NO_TEXT_AXES.has(axis)) return 'node()';
    if (child(step, 'anyKindTest') && axis === 'descendant-or-self') return 'node()';
    return fail('node test');
  }

  private call(el: Element): Typed {
    const nameEl = child(el, 'functionName');
    if (nameEl?.getAttributeNS(XQX, 'URI') !== FN) fail('function outside fn:');
    const name = nameEl.textContent ?? '';
    const argumentList = child(el, 'arguments');
    const typed = (argumentList ? kids(argumentList) : []).map((a) => this.expr(a));
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
}

/** An XPath 1.0 string literal; a value holding both quote characters has none. */
function quote(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return fail('literal with both quotes');
}

const astDocument = new Document();

/** The XPath 1.0 text to evaluate as `boolean(...)` in libxml2, or the reason it stays on fontoxpath. */
export function routeToXPath1(
  expression: string,
  namespaces: Record<string, string>,
): { xpath1: string; namespaces: Record<string, string> } | { reason: string } {
  let body: Element | undefined;
  try {
    const ast = parseScript(expression, astDocument);
    body = child(child(ast, 'mainModule') ?? ast, 'queryBody');
  } catch (error) {
    return { reason: `parse: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  if (!body) return { reason: 'not a main module' };
  try {
    const router = new Router(namespaces);
    const xpath1 = `boolean(${router.expr(only(body)).text})`;
    return { xpath1, namespaces: router.used };
  } catch (error) {
    if (error instanceof Unsupported) return { reason: error.message };
    throw error;
  }
}
