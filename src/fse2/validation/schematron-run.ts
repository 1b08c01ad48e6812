/** Runs a compiled schematron over a parsed CDA with fontoxpath; failed asserts are errors, fired reports warnings. */
import type { Document, Node } from 'slimdom';
import type { CompiledCheck, CompiledRule, CompiledSchematron } from './schematron-compile.ts';
import type { CdaFinding } from './types.ts';
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

export function runSchematron(schema: CompiledSchematron, doc: Document): SchematronOutcome {
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
  const evaluateRule = (rule: CompiledRule, node: Node): void => {
    const scope: Variables = { ...variables };
    for (const step of rule.steps) {
      if (step.kind === 'let') {
        scope[step.name] = asSequence(evaluateAll(step.value, node, scope, options));
        continue;
      }
      const fired = evaluateXPathToBoolean(step.test, node, null, scope, options) === (step.kind === 'report');
      if (!fired) continue;
      const { id, message } = splitId(describe(step, node, scope), step.idAttribute, step.kind);
      (step.kind === 'assert' ? outcome.errors : outcome.warnings).push({ id, message, location: locationOf(node) });
    }
  };
  for (const rules of schema.patterns) {
    const handled = new Set<Node>();
    for (const rule of rules) {
      const nodes = evaluateXPathToNodes(rule.select, doc, null, variables, options) as Node[];
      for (const node of nodes) {
        if (handled.has(node)) continue;
        handled.add(node);
        try {
          evaluateRule(rule, node);
        } catch (error) {
          // A dynamic error aborts an XSLT run; here it becomes one error on that node, never a silent pass.
          outcome.errors.push({
            id: 'SCHEMATRON-EVALUATION',
            message: `rule could not be evaluated: ${(error as Error).message.split('\n')[0] ?? ''}`,
            location: locationOf(node),
          });
        }
      }
    }
  }
  return outcome;
}
