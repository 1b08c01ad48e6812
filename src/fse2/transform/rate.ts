/** Conversions per second over a set of documents, for bench/fse2 (issue 20's benchmark). */
import { performance } from 'node:perf_hooks';
import { convertCdaToFhir } from './convert.ts';

export interface ConversionRate {
  readonly conversions: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Converts every document `rounds` times in turn on this thread and reports the rate. */
export function measureConversionRate(documents: readonly Uint8Array[], rounds: number): ConversionRate {
  let conversions = 0;
  let failures = 0;
  const start = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    for (const bytes of documents) {
      const result = convertCdaToFhir(bytes, { documentReferenceId: `bench-${conversions}`, now: new Date(0) });
      conversions += 1;
      if (!result.ok) failures += 1;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { conversions, failures, seconds, perSecond: seconds > 0 ? conversions / seconds : 0 };
}
