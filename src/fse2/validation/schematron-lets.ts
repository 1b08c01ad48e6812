/**
 * The compile-time reading of a schematron's lets (ADR 0030): which lets can be substituted into routed tests from
 * the schema and pattern levels, and which rule lets the runner need not evaluate on a routed context node.
 */
import type { CompiledCheck, CompiledLet } from './schematron-compile.ts';
import { routeLet, variableReferences, type LetScope } from './xpath1-route.ts';

/**
 * Marks the rule's lets that a routed context node need not evaluate (ADR 0030): walking back from the last step,
 * a let is read when a later test left on fontoxpath, or a later let that is evaluated, names it (the nearest
 * definition above a reader is the one it reads); a let outside `errorFree` (routed, or xpath1-safe.ts's shapes) is
 * always evaluated, since its evaluation may raise the error the runner reports.
 */
export function markSkippable(steps: (CompiledLet | CompiledCheck)[], errorFree: Set<CompiledLet>): void {
  const read = new Set<string>();
  // An expression that does not parse may read anything: every let above it is evaluated.
  let readsAll = false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (!step) continue;
    if (step.kind === 'let') {
      step.skippable = errorFree.has(step) && !readsAll && !read.has(step.name);
      if (step.skippable) continue;
      read.delete(step.name);
    } else if (step.xpath1) continue;
    const names = variableReferences(step.kind === 'let' ? step.value : step.test);
    if (names === null) readsAll = true;
    for (const name of names ?? []) read.add(name);
  }
}

/**
 * Schema and pattern lets as the runner evaluates them: in order, each seeing those before it, with the document
 * node as context. Only a context-free one (absolute paths, literals) means the same substituted into a rule's test.
 */
export function globalLetScope(
  globals: { name: string; value: string }[],
  namespaces: Record<string, string>,
): LetScope {
  const lets = new Map<string, ReturnType<typeof routeLet>>();
  for (const global of globals) {
    const routed = routeLet(global.value, namespaces, lets);
    lets.set(global.name, routed?.contextFree ? routed : null);
  }
  return lets;
}
