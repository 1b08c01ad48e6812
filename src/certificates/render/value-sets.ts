/**
 * Display names for the coded fields of a DCC, from the EU value sets (English),
 * with Italian terms for the few short sets a holder reads first. Read from the
 * same schema directory as the DCC JSON schema; a missing file only means raw
 * codes on the PDF, never a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ValueSetName =
  | 'disease-agent-targeted'
  | 'vaccine-prophylaxis'
  | 'vaccine-medicinal-product'
  | 'vaccine-mah-manf'
  | 'test-type'
  | 'test-result'
  | 'test-manf'
  | 'country-2-codes';

/** The display text of `code` in `set`, or the code itself when unknown. */
export type Labels = (set: ValueSetName, code: string) => string;

const FILES: Readonly<Record<ValueSetName, string>> = {
  'disease-agent-targeted': 'disease-agent-targeted.json',
  'vaccine-prophylaxis': 'vaccine-prophylaxis.json',
  'vaccine-medicinal-product': 'vaccine-medicinal-product.json',
  'vaccine-mah-manf': 'vaccine-mah-manf.json',
  'test-type': 'test-type.json',
  'test-result': 'test-result.json',
  // Only an example ships with the schema; the live list was on the EU gateway.
  'test-manf': 'test-manf-example.json',
  'country-2-codes': 'country-2-codes.json',
};

// Italian first, as on the Italian certificates; the English display follows.
const ITALIAN: Readonly<Record<string, string>> = {
  'test-type/LP217198-3': 'Test antigenico rapido',
  'test-type/LP6464-4': 'Test molecolare',
  'test-result/260415000': 'Non rilevato',
  'test-result/260373001': 'Rilevato',
  'vaccine-prophylaxis/1119349007': 'Vaccino a mRNA anti SARS-CoV-2',
  'vaccine-prophylaxis/1119305005': 'Vaccino antigenico anti SARS-CoV-2',
  'country-2-codes/IT': 'Italia',
};

export function loadValueSetLabels(valueSetDir: string): Labels {
  const tables = new Map<ValueSetName, Map<string, string>>();
  for (const [set, file] of Object.entries(FILES) as [ValueSetName, string][]) {
    const path = join(valueSetDir, file);
    if (existsSync(path)) tables.set(set, readDisplays(path));
  }
  return (set, code) => {
    const english = tables.get(set)?.get(code);
    const italian = ITALIAN[`${set}/${code}`];
    if (english === undefined) return italian ?? code;
    return italian === undefined ? english : `${italian} / ${english}`;
  };
}

function readDisplays(path: string): Map<string, string> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { valueSetValues?: Record<string, { display?: unknown }> };
  const displays = new Map<string, string>();
  for (const [code, value] of Object.entries(json.valueSetValues ?? {})) {
    if (typeof value.display === 'string') displays.set(code, value.display);
  }
  return displays;
}
