/**
 * Terminology check: every coded element (`@code` with `@codeSystem`) is looked up in the catalog's table for that
 * code system OID. Code systems the catalog does not carry (LOINC 2.16.840.1.113883.6.1, AIC, ...) are listed as
 * unchecked with their number of occurrences: they are never reported as checked.
 */
import type { Document, Element } from 'slimdom';
import { locationOf } from './schematron-run.ts';
import type { CdaFinding, UncheckedCodeSystem } from './types.ts';

export interface TerminologyOutcome {
  errors: CdaFinding[];
  unchecked: UncheckedCodeSystem[];
}

export function checkTerminology(doc: Document, codeSystems: Map<string, Set<string>>): TerminologyOutcome {
  const errors: CdaFinding[] = [];
  const unchecked = new Map<string, UncheckedCodeSystem>();
  const stack: Element[] = doc.documentElement ? [doc.documentElement] : [];
  for (let el = stack.pop(); el; el = stack.pop()) {
    stack.push(...el.children.toReversed());
    const codeSystem = el.getAttribute('codeSystem');
    const code = el.getAttribute('code');
    if (!codeSystem || code === null) continue;
    const table = codeSystems.get(codeSystem);
    if (!table) {
      const entry = unchecked.get(codeSystem) ?? { codeSystem, occurrences: 0 };
      const name = el.getAttribute('codeSystemName');
      if (name && !entry.codeSystemName) entry.codeSystemName = name;
      entry.occurrences++;
      unchecked.set(codeSystem, entry);
    } else if (!table.has(code)) {
      errors.push({
        id: 'TERMINOLOGY',
        message: `code "${code}" is not in code system ${codeSystem} of the catalog`,
        location: locationOf(el),
      });
    }
  }
  return { errors, unchecked: [...unchecked.values()].sort((a, b) => a.codeSystem.localeCompare(b.codeSystem)) };
}
