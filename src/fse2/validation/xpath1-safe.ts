/**
 * Which let values cannot raise a dynamic error in XPath 2.0 although they do not route to XPath 1.0 (ADR 0030). The
 * national files build message text in lets: `if ($section_code = '22636-5') then 'Sezione ...' else ...` and the
 * XSLT `for-each`/`value-of` path lets (schematron-compile.ts: `string-join(for $n in S return $n ! concat(...), '')`).
 * RAP evaluates them on every context node; only messages read them. A let accepted here is left unevaluated until a
 * message needs it, which is safe only because its evaluation can never fail. Accepted, each part checked:
 * - a value xpath1-route.ts routes (its allow-list excludes the constructs that fail: string functions on several
 *   nodes, casts of untyped values, comparisons of mixed types);
 * - `if (C) then A else B`: C routed (the effective boolean value of its kinds never fails), A and B accepted;
 * - `concat(...)`: each argument one string, at most one node, a number or a boolean (more than one item fails);
 * - `string-join(S, sep)`: S strings (all the national files join), sep a string;
 * - `for $v in P return $v ! E`: P routed nodes, E routed with the node as context (no variables) to one string.
 */
import type { Element } from 'slimdom';
import { child, fail, isFn, kids, only, Unsupported, type Typed } from './xpath1-functions.ts';

/** Routes an element with xpath1-route.ts; `atContext`: the rule's context node is the context (lets in scope). */
type Route = (el: Element, atContext: boolean) => Typed;
/** One string, several strings, or anything else that raised no error. */
type Shape = 'string' | 'strings' | 'other';

function routed(el: Element, route: Route, atContext: boolean): Typed | null {
  try {
    return route(el, atContext);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** `(E)` as a lone filter step: the router reads a filter only over nodes, so look inside. */
function unwrap(el: Element): Element {
  const steps = el.localName === 'pathExpr' ? kids(el) : [];
  const filter = steps.length === 1 && steps[0] ? child(steps[0], 'filterExpr') : undefined;
  if (!filter || !steps[0] || kids(steps[0]).length !== 1) return el;
  return unwrap(only(filter));
}

function shapeOf(typed: Typed): Shape {
  return typed.kind === 'string' ? 'string' : 'other';
}

function forReturn(el: Element, route: Route): Shape {
  const clauses = kids(el);
  const forClause = child(el, 'forClause');
  const items = forClause ? kids(forClause) : [];
  const item = items[0];
  const returned = child(el, 'returnClause');
  if (clauses.length !== 2 || items.length !== 1 || !item || !returned) fail('flwor shape');
  const binding = child(item, 'typedVariableBinding');
  const name = binding && kids(binding).length === 1 ? child(binding, 'varName')?.textContent : undefined;
  const over = routed(only(child(item, 'forExpr')), route, true);
  if (!name || over?.kind !== 'nodes') fail('for over non-nodes');
  const map = only(returned);
  const [head, body, ...rest] = map.localName === 'simpleMapExpr' ? kids(map) : [];
  const ref = head && unwrap(head);
  if (!body || rest.length > 0 || ref?.localName !== 'varRef' || child(ref, 'name')?.textContent !== name) {
    fail('return shape');
  }
  const each = routed(unwrap(body), route, false);
  if (each?.kind !== 'string') fail('return not one string');
  return 'strings';
}

/** Throws (xpath1-functions.ts `fail`) unless the value can raise no error; else its shape. */
export function raisesNoError(el: Element, route: Route): Shape {
  const typed = routed(el, route, true);
  if (typed) return shapeOf(typed);
  const inner = unwrap(el);
  if (inner !== el) return raisesNoError(inner, route);
  if (el.localName === 'ifThenElseExpr') {
    if (!routed(only(child(el, 'ifClause')), route, true)) fail('if condition');
    const then = raisesNoError(only(child(el, 'thenClause')), route);
    const otherwise = raisesNoError(only(child(el, 'elseClause')), route);
    return then === 'string' && otherwise === 'string' ? 'string' : 'other';
  }
  if (el.localName === 'flworExpr') return forReturn(el, route);
  if (el.localName !== 'functionCallExpr') return fail(el.localName);
  const nameEl = child(el, 'functionName');
  if (!nameEl || !isFn(nameEl)) fail('function outside fn:');
  const argumentList = child(el, 'arguments');
  const args = argumentList ? kids(argumentList) : [];
  const name = nameEl.textContent ?? '';
  if (name === 'concat' && args.length >= 2) {
    for (const arg of args) {
      const one = routed(arg, route, true);
      if (one ? one.kind === 'nodes' && !one.single : raisesNoError(arg, route) !== 'string') fail('concat argument');
    }
    return 'string';
  }
  if (name === 'string-join' && args.length === 2 && args[0] && args[1]) {
    if (raisesNoError(args[0], route) === 'other') fail('string-join of non-strings');
    if (routed(args[1], route, true)?.kind !== 'string') fail('string-join separator');
    return 'string';
  }
  return fail(`function ${name}`);
}
