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
import {
  child,
  fail,
  isFn,
  kids,
  only,
  quote,
  routeCall,
  Unsupported,
  XQX,
  type Kind,
  type Typed,
} from './xpath1-functions.ts';
import { raisesNoError } from './xpath1-safe.ts';

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

/**
 * A `let` as its routed XPath 1.0 text (ADR 0030), or null when its value does not route. `contextFree`: the value
 * reads no context (absolute paths and literals only), so it means the same wherever it is substituted.
 */
export interface RoutedLet {
  text: string;
  kind: Kind;
  single: boolean;
  contextFree: boolean;
  namespaces: Record<string, string>;
}
/** The lets in scope by name, shadowing applied: schema and pattern lets, then the rule's lets above the test. */
export type { Kind };
export type LetScope = ReadonlyMap<string, RoutedLet | null>;

class Router {
  private readonly namespaces: Record<string, string>;
  private readonly lets: LetScope;
  /** The prefixes the expression uses, bound for libxml2 (binding all of a schematron's costs a string copy each). */
  readonly used: Record<string, string> = {};
  /** Predicates entered: inside one the context item is not the rule's context node any more. */
  private nested = 0;
  /** Whether the expression reads the context it is evaluated with (outside predicates). */
  usesContext = false;

  constructor(namespaces: Record<string, string>, lets: LetScope) {
    this.namespaces = namespaces;
    this.lets = lets;
  }

  private readsContext(): void {
    if (this.nested === 0) this.usesContext = true;
  }

  /**
   * `$name`: the let's routed value, parenthesised. A let that reads its context was evaluated with the rule's
   * context node, so it is substituted only where the test's context is still that node: not in a predicate (a path
   * step after the first never holds a variable: filter steps are allowed first only). Schema and pattern lets
   * reach the scope only when context-free (they are evaluated with the document node as context).
   */
  private variable(el: Element): Typed {
    const nameEl = child(el, 'name');
    const name = nameEl?.textContent ?? '';
    if ((nameEl?.getAttributeNS(XQX, 'prefix') ?? '') !== '') fail('prefixed variable');
    const bound = this.lets.get(name);
    if (!bound) return fail(`variable $${name} not routable`);
    if (!bound.contextFree) {
      if (this.nested > 0) fail(`variable $${name} in a predicate`);
      this.usesContext = true;
    }
    Object.assign(this.used, bound.namespaces);
    return { text: `(${bound.text})`, kind: bound.kind, single: bound.single };
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
        this.readsContext();
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
      case 'varRef':
        return this.variable(el);
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
        if (first) this.readsContext();
        const axis = child(step, 'xpathAxis')?.textContent ?? '';
        if (!AXES.has(axis)) fail(`axis ${axis}`);
        text = `${axis}::${this.nodeTest(step, axis)}`;
        stepSingle = single && (axis === 'self' || axis === 'parent' || (axis === 'attribute' && !text.endsWith('*')));
      }
      const stepHead = text;
      const predicates = child(step, 'predicates');
      for (const predicate of predicates ? kids(predicates) : []) {
        this.nested++;
        const typed = this.expr(predicate);
        this.nested--;
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
    if (!nameEl || !isFn(nameEl)) fail('function outside fn:');
    const name = nameEl.textContent ?? '';
    const argumentList = child(el, 'arguments');
    const typed = (argumentList ? kids(argumentList) : []).map((a) => this.expr(a));
    const arity = typed.length;
    // position(), last() and the one-argument functions called without one read the context.
    if (arity === 0 && name !== 'true' && name !== 'false') this.readsContext();
    return routeCall(name, typed);
  }
}

const astDocument = new Document();

function queryBody(expression: string): Element | string {
  try {
    const ast = parseScript(expression, astDocument);
    return child(child(ast, 'mainModule') ?? ast, 'queryBody') ?? 'not a main module';
  } catch (error) {
    return `parse: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
}

const NO_LETS: LetScope = new Map();

function route(
  expression: string,
  namespaces: Record<string, string>,
  lets: LetScope,
): { typed: Typed; router: Router } | { reason: string } {
  const body = queryBody(expression);
  if (typeof body === 'string') return { reason: body };
  try {
    const router = new Router(namespaces, lets);
    return { typed: router.expr(only(body)), router };
  } catch (error) {
    if (error instanceof Unsupported) return { reason: error.message };
    throw error;
  }
}

/** The XPath 1.0 text to evaluate as `boolean(...)` in libxml2, or the reason it stays on fontoxpath. */
export function routeToXPath1(
  expression: string,
  namespaces: Record<string, string>,
  lets: LetScope = NO_LETS,
): { xpath1: string; namespaces: Record<string, string> } | { reason: string } {
  const routed = route(expression, namespaces, lets);
  if ('reason' in routed) return routed;
  return { xpath1: `boolean(${routed.typed.text})`, namespaces: routed.router.used };
}

/** A let's value for substitution into later tests (ADR 0030), or null when it stays on fontoxpath. */
export function routeLet(expression: string, namespaces: Record<string, string>, lets: LetScope): RoutedLet | null {
  const routed = route(expression, namespaces, lets);
  if ('reason' in routed) return null;
  const { typed, router } = routed;
  return { ...typed, contextFree: !router.usesContext, namespaces: router.used };
}

/**
 * A rule context's select expression (`(//a/b[...])`, from the document node) as an XPath 1.0 node-set expression
 * for libxml2, when it reads no context: libxml2-wasm evaluates a document's expressions from its root element.
 */
export function routeNodes(
  expression: string,
  namespaces: Record<string, string>,
): { xpath1: string; namespaces: Record<string, string> } | { reason: string } {
  const routed = route(expression, namespaces, NO_LETS);
  if ('reason' in routed) return routed;
  if (routed.typed.kind !== 'nodes') return { reason: 'not a node sequence' };
  if (routed.router.usesContext) return { reason: 'relative to the context' };
  return { xpath1: routed.typed.text, namespaces: routed.router.used };
}

/**
 * Whether a let's value cannot raise a dynamic error in XPath 2.0 (ADR 0030): a routed value, or one of the shapes
 * xpath1-safe.ts accepts (the national files' message-only lets). Such a let need not be evaluated when nothing reads
 * it: skipping it cannot hide the error the runner would report.
 */
export function letRaisesNoError(expression: string, namespaces: Record<string, string>, lets: LetScope): boolean {
  const body = queryBody(expression);
  if (typeof body === 'string') return false;
  try {
    raisesNoError(only(body), (el, atContext) => new Router(namespaces, atContext ? lets : NO_LETS).expr(el));
    return true;
  } catch (error) {
    if (error instanceof Unsupported) return false;
    throw error;
  }
}

/** The names of the variables an expression reads (bound ones included), or null when it does not parse. */
export function variableReferences(expression: string): Set<string> | null {
  const body = queryBody(expression);
  if (typeof body === 'string') return null;
  const names = new Set<string>();
  for (const ref of body.getElementsByTagNameNS(XQX, 'varRef')) names.add(child(ref, 'name')?.textContent ?? '');
  return names;
}
