/** Italian validity rules as a verifier plug-in (the codec's `rules` step). */
import type { RulesCheck } from '../codec/index.ts';
import { evaluateItalianRules } from './evaluate.ts';

export { evaluateItalianRules, IT_RULES } from './evaluate.ts';
export type { RulesOutcome, RulesStatus } from './evaluate.ts';
export { evaluateBusinessRules } from './business-rules.ts';
export type { BusinessRule } from './business-rules.ts';

export const italianRulesCheck: RulesCheck = (payload, clock) => {
  const outcome = evaluateItalianRules(payload, clock);
  return { ok: outcome.ok, reason: `${outcome.status}: ${outcome.reason}` };
};
