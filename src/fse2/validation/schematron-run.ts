/** Runs a compiled schematron over a parsed CDA with fontoxpath; failed asserts are errors, fired reports warnings. */
import type { Document, Element, Node } from 'slimdom';
import type { CompiledCheck, CompiledRule, CompiledSchematron, ContextBranch } from './schematron-compile.ts';
import type { CdaFinding } from './types.ts';
import type { XPath1Document, XPath1Expressions } from './xpath1-eval.ts';
import {
  asSequence,
  evaluateAll,
  evaluateXPathToBoolean,
  evaluateXPathToNodes,
  evaluateXPathToString,
  type Variables,
} from './xpath.ts';

export interface SchematronOutcome {
  errors: CdaFinding[];
  warnings: CdaFinding[];
}

/** "/ClinicalDocument[1]/component[1]/..." with positions among same-named siblings, "@attr" for attributes. */
export function locationOf(node: Node): string {
  const steps: string[] = [];
  let current: Node | null = node;
  while (current && current.nodeType !== 9) {
    if (current.nodeType === 2) {
      const attr = current as unknown as { name: string; ownerElement: Node | null };
      steps.unshift(`@${attr.name}`);
      current = attr.ownerElement;
      continue;
    }
    const name = current.nodeName;
    let position = 1;
    for (let s = current.previousSibling; s; s = s.previousSibling) if (s.nodeName === name) position++;
    steps.unshift(current.nodeType === 1 ? `${name}[${position}]` : `${name}()`);
    current = current.parentNode;
  }
  return `/${steps.join('/')}`;
}

function splitId(text: string, idAttribute: string | null, kind: 'assert' | 'report'): { id: string; message: string } {
  const normalized = text.replace(/\s+/g, ' ').trim();
  const bar = normalized.indexOf('|');
  // The national files write "ERRORE-12| message" / "W003| message"; the id is what precedes the bar.
  if (bar > 0 && bar < 40) return { id: normalized.slice(0, bar).trim(), message: normalized.slice(bar + 1).trim() };
  return { id: idAttribute ?? (kind === 'assert' ? 'ASSERT' : 'REPORT'), message: normalized };
}

/**
 * Elements by namespace and local name, built in one walk: `$fseCandidates` for branches that start with a named
 * step. Returns the variables to evaluate such a branch with, or null when no element has that name.
 */
function candidateIndex(
  doc: Document,
  namespaces: Record<string, string>,
  variables: Variables,
): (candidates: NonNullable<ContextBranch['candidates']>) => Variables | null {
  const byName = new Map<string, Element[]>();
  const all: Element[] = [];
  const walk = (el: Element): void => {
    all.push(el);
    const key = `${el.namespaceURI ?? ''} ${el.localName}`;
    const list = byName.get(key);
    if (list) list.push(el);
    else byName.set(key, [el]);
    for (const child of el.children) walk(child);
  };
  if (doc.documentElement) walk(doc.documentElement);
  const scopes = new Map<string, Variables | null>();
  return ({ prefix, localName, localNameContains }) => {
    const key =
      localName === '*'
        ? `* ${localNameContains ?? ''}`
        : `${prefix === null ? '' : (namespaces[prefix] ?? '?')} ${localName}`;
    let scope = scopes.get(key);
    if (scope === undefined) {
      const elements =
        localName === '*' ? all.filter((el) => el.localName.includes(localNameContains ?? '')) : byName.get(key);
      scope = elements?.length ? { ...variables, fseCandidates: asSequence(elements) } : null;
      scopes.set(key, scope);
    }
    return scope;
  };
}

/** The document's libxml2 tree and the schematron's tests compiled for it: routed tests run there (ADR 0026). */
export interface XPath1Route {
  document: XPath1Document;
  expressions: XPath1Expressions;
}

/** Replays a rule's lets above `upTo`, reusing the values already computed: the scope as if none had been skipped. */
function fullScope(
  rule: CompiledRule,
  upTo: number,
  values: unknown[],
  variables: Variables,
  evaluate: (value: string, scope: Variables) => unknown,
): Variables {
  const scope: Variables = { ...variables };
  for (let j = 0; j < upTo; j++) {
    const step = rule.steps[j];
    if (step?.kind !== 'let') continue;
    values[j] ??= evaluate(step.value, scope);
    scope[step.name] = values[j];
  }
  return scope;
}

export function runSchematron(schema: CompiledSchematron, doc: Document, xpath1?: XPath1Route): SchematronOutcome {
  const options = { namespaceResolver: (prefix: string) => schema.namespaces[prefix] ?? null };
  const variables: Variables = {};
  for (const global of schema.globals) {
    variables[global.name] = asSequence(evaluateAll(global.value, doc, variables, options));
  }
  const outcome: SchematronOutcome = { errors: [], warnings: [] };
  const describe = (check: CompiledCheck, node: Node, scope: Variables): string =>
    check.message
      .map((part) => {
        if ('text' in part) return part.text;
        if ('name' in part) return node.nodeName;
        try {
          return evaluateXPathToString(`string-join((${part.valueOf}), ' ')`, node, null, scope, options);
        } catch {
          return '';
        }
      })
      .join('');
  const route = xpath1?.document;
  /**
   * A context is a rank in document order when libxml2 has the element (ADR 0030), else the slimdom node. On a
   * ranked context, routed tests run in libxml2 and skippable lets are not evaluated; whatever then needs them (a
   * fallback to fontoxpath, a message's value-of) first replays the rule's lets above it.
   */
  const evaluateRule = (rule: CompiledRule, context: number | Node, node: () => Node): void => {
    const rank = typeof context === 'number' ? context : -1;
    const ranked = rank >= 0;
    const evaluate = (value: string, scope: Variables): unknown =>
      asSequence(evaluateAll(value, node(), scope, options));
    const values: unknown[] = [];
    let scope: Variables = { ...variables };
    let skipped = false;
    for (let i = 0; i < rule.steps.length; i++) {
      const step = rule.steps[i];
      if (!step) continue;
      if (step.kind === 'let') {
        if (ranked && step.skippable) {
          skipped = true;
          continue;
        }
        values[i] = evaluate(step.value, scope);
        scope[step.name] = values[i];
        continue;
      }
      const routed = ranked ? xpath1?.expressions.of(step) : null;
      let value = routed ? route?.evaluateAt(routed, rank) : undefined;
      if (value === undefined) {
        if (skipped) scope = fullScope(rule, i, values, variables, evaluate);
        skipped = false;
        value = evaluateXPathToBoolean(step.test, node(), null, scope, options);
      }
      const fired = value === (step.kind === 'report');
      if (!fired) continue;
      if (skipped && step.message.some((part) => 'valueOf' in part)) {
        scope = fullScope(rule, i, values, variables, evaluate);
        skipped = false;
      }
      const { id, message } = splitId(describe(step, node(), scope), step.idAttribute, step.kind);
      (step.kind === 'assert' ? outcome.errors : outcome.warnings).push({ id, message, location: locationOf(node()) });
    }
  };
  let candidates: ReturnType<typeof candidateIndex> | null = null;
  /** Each branch's nodes in document order, branch after branch; libxml2's ranks where it selects the branch. */
  const contexts = (rule: CompiledRule): (number | Node)[] => {
    const selected: (number | Node)[] = [];
    for (const branch of rule.branches) {
      const routed = route && xpath1.expressions.of(branch);
      const ranks = routed ? route.select(routed) : undefined;
      if (ranks) {
        selected.push(...ranks);
        continue;
      }
      candidates ??= candidateIndex(doc, schema.namespaces, variables);
      const scope = branch.candidates ? candidates(branch.candidates) : variables;
      if (!scope) continue;
      for (const node of evaluateXPathToNodes(branch.select, doc, null, scope, options) as Node[]) {
        const rank = route ? route.rankOf(node) : -1;
        selected.push(rank < 0 ? node : rank);
      }
    }
    return selected;
  };
  for (const rules of schema.patterns) {
    // First matching rule wins: an element is the same context whether libxml2 or fontoxpath selected it.
    const handled = new Set<number | Node>();
    for (const rule of rules) {
      for (const context of contexts(rule)) {
        if (handled.has(context)) continue;
        handled.add(context);
        let slim: Node | undefined = typeof context === 'number' ? undefined : context;
        const node = (): Node => (slim ??= route?.elementAt(context as number) ?? (context as Node));
        try {
          evaluateRule(rule, context, node);
        } catch (error) {
          // A dynamic error aborts an XSLT run; here it becomes one error on that node, never a silent pass.
          outcome.errors.push({
            id: 'SCHEMATRON-EVALUATION',
            message: `rule could not be evaluated: ${(error as Error).message.split('\n')[0] ?? ''}`,
            location: locationOf(node()),
          });
        }
      }
    }
  }
  return outcome;
}
