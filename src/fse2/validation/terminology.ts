/**
 * Terminology check: every coded element (`@code` with `@codeSystem`) is looked up in the catalog's table for that
 * code system OID. Code systems the catalog does not carry (LOINC 2.16.840.1.113883.6.1, AIC, ...) are listed as
 * unchecked with their number of occurrences: they are never reported as checked. So are the code systems the
 * catalog whitelists (a table whose one row is "#WHITELIST#"): any code passes, which is not a check either.
 */
import type { Document, Element } from 'slimdom';
import { locationOf } from './schematron-run.ts';
import type { CdaFinding, UncheckedCodeSystem } from './types.ts';

/** A table holding only this code is the catalog's way of accepting any code of that system (three VPS tables). */
const WHITELIST = '#WHITELIST#';

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
    const whitelisted = table?.has(WHITELIST) ?? false;
    if (!table || whitelisted) {
      const entry = unchecked.get(codeSystem) ?? {
        codeSystem,
        occurrences: 0,
        reason: whitelisted ? ('whitelisted' as const) : ('absent' as const),
      };
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
