/**
 * The Italian validity rules, VerificaC19 base mode ("3G", ValidationScanMode NORMAL_DGP),
 * as a CertLogic rule set in the EU DCC business-rules format (it-rules.json). Sources of
 * the values in that file:
 * - VerificaC19 Java SDK (ministero-salute / it.dgc.verificac19, VerifierServiceImpl): rule
 *   structure, the Janssen +15 days, the booster test, the IT / NOT_IT split by the
 *   certificate's country in base mode, and the offline fallbacks (complete cycle 180 days
 *   IT, 270 days NOT_IT).
 * - The VerificaC19 settings feed (get.dgc.gov.it/v1/dgc/settings, 2022): rapid_test 0–48 h,
 *   molecular_test 0–72 h, vaccine_*_not_complete 15–42 days, the accepted products
 *   (Sputnik V only from San Marino).
 * - DL 5/2022 (4 Feb 2022): after a booster the certificate holds "senza necessità di
 *   ulteriori dosi di richiamo"; 540 days is the settings feed's vaccine_end_day_booster_IT.
 * Day windows are inclusive at both ends and counted on the calendar in Italy, as the SDK
 * does with LocalDate; test windows are in hours from sample collection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateBusinessRules } from './business-rules.ts';
import type { BusinessRule, RulesOutcome } from './business-rules.ts';

export type { RulesOutcome, RulesStatus } from './business-rules.ts';

export const IT_RULES: readonly BusinessRule[] = JSON.parse(
  readFileSync(join(import.meta.dirname, 'it-rules.json'), 'utf8'),
) as BusinessRule[];

export function evaluateItalianRules(
  payload: Record<string, unknown>,
  clock: Date,
  rules: readonly BusinessRule[] = IT_RULES,
): RulesOutcome {
  return evaluateBusinessRules(rules, payload, clock, { timeZone: 'Europe/Rome', country: 'IT' });
}
