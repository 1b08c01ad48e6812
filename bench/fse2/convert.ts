/**
 * CDA2 -> FHIR conversions per second (issue 20 benchmark), one thread: over the national examples in turn after
 * one warm-up round, and per document type on each national example and on the largest validator-corpus document
 * of each type. Per type it gives the wall-clock rate and the rate per CPU second (the machine is shared: the
 * CPU figure is the one that compares across runs). bench/fse2/run.ts calls both; run alone with
 * `node bench/fse2/convert.ts` (FSE2_CONVERT_ROUNDS rounds, default 20) it prints one JSON line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDocuments, FSE2_CORPUS, FSE2_EXAMPLES } from '../../test/support/fse2/testdata.ts';
import { measureConversionRate, type ConversionRate } from '../../src/fse2/index.ts';

const EXAMPLES = FSE2_EXAMPLES;
const CORPUS = FSE2_CORPUS;

export function measureConversions(rounds: number): ConversionRate & { documents: number } {
  const documents = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(EXAMPLES, f)));
  measureConversionRate(documents, 1);
  return { documents: documents.length, ...measureConversionRate(documents, rounds) };
}

export interface TypeConversionRate {
  readonly document: string;
  readonly bytes: number;
  readonly converted: boolean;
  readonly conversions: number;
  readonly perSecond: number;
  readonly perCpuSecond: number;
  readonly cpuMsPerConversion: number;
}

/** The national examples by type, and the largest corpus document of each corpus type (any label). */
function typedSamples(): { type: string; name: string; bytes: Buffer }[] {
  const list = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => ({ type: f.replace('.xml', ''), name: `esempi/${f}`, bytes: readFileSync(join(EXAMPLES, f)) }));
  for (const dir of readdirSync(CORPUS)) {
    const files = corpusDocuments(dir).map((d) => d.path);
    const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (largest === undefined) continue;
    const type = `${dir.replace('schematron', '')} (corpus largest)`;
    list.push({ type, name: largest.slice(CORPUS.length + 1), bytes: readFileSync(largest) });
  }
  return list;
}

/** Per type: `rounds` conversions of its document after two warm-up ones. */
export function measureConversionsByType(rounds: number): Record<string, TypeConversionRate> {
  const result: Record<string, TypeConversionRate> = {};
  const round = (n: number) => Math.round(n * 10) / 10;
  for (const sample of typedSamples()) {
    const warm = measureConversionRate([sample.bytes], 2);
    const cpu = process.cpuUsage();
    const rate = measureConversionRate([sample.bytes], rounds);
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    result[sample.type] = {
      document: sample.name,
      bytes: sample.bytes.length,
      converted: warm.failures === 0,
      conversions: rate.conversions,
      perSecond: round(rate.perSecond),
      perCpuSecond: round((rate.conversions * 1000) / cpuMs),
      cpuMsPerConversion: Math.round((cpuMs / rate.conversions) * 100) / 100,
    };
  }
  return result;
}

if (import.meta.main) {
  const rounds = Number(process.env.FSE2_CONVERT_ROUNDS ?? '20');
  console.log(JSON.stringify({ conversions: measureConversions(rounds), byType: measureConversionsByType(rounds) }));
}
