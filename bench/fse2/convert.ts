/**
 * CDA2 -> FHIR conversions per second (issue 20 benchmark), one thread, over the national examples in turn after
 * one warm-up round. bench/fse2/run.ts can call measureConversions(); run alone with `node bench/fse2/convert.ts`
 * (FSE2_CONVERT_ROUNDS rounds, default 20: 180 conversions) it prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureConversionRate, type ConversionRate } from '../../src/fse2/index.ts';

const EXAMPLES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'testdata',
  'fse2',
  'national-docs',
  'esempi',
  'CDA',
);

export function measureConversions(rounds: number): ConversionRate & { documents: number } {
  const documents = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(EXAMPLES, f)));
  measureConversionRate(documents, 1);
  return { documents: documents.length, ...measureConversionRate(documents, rounds) };
}

if (import.meta.main) {
  console.log(JSON.stringify({ conversions: measureConversions(Number(process.env.FSE2_CONVERT_ROUNDS ?? '20')) }));
}
