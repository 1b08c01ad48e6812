import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

/** Writes bench/results/<name>.json with machine facts, then prints the one-line summary last. */
export function writeReport(name: string, figures: Record<string, unknown>, summary: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = {
    benchmark: name,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    ...figures,
  };
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${summary}\n`);
}
