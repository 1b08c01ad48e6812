/**
 * FSE 2.0 validation benchmark (issue 19). Warm engine, one thread: latency p50/p99 per document type over the
 * national examples (catalog schematrons) and the largest document of each validator-corpus type (its schV3
 * schematron). Then validations/s through the server's validation pool (worker threads, each with its own engine,
 * os.availableParallelism() of them) over the examples in turn.
 * Writes bench/results/fse2.json; the last stdout line is the summary.
 * Then publications/s end to end (validate + store + index queue) at the national Gateway next to the same run's
 * ITI-65 rate (bench/fse2/publish.ts).
 * FSE2_BENCH_RUNS (default 30) timed validations per document; FSE2_BENCH_SECONDS (default 10) for throughput;
 * `-- --publications N --concurrency C --warmup W` (default 300 each way, 8 at a time, after 300 untimed each way:
 * a few minutes on this machine). `-- --latency-only`: the latency part alone (with CPU ms per validation, this
 * thread's), no results file; `--latency-warmup N` untimed validations per document first (default 3).
 * Then CDA2 -> FHIR conversions/s (bench/fse2/convert.ts), and the drain of a national backlog
 * (bench/fse2/drain.ts): `-- --backlog N --capacity C [--pace P]` (default 100,000 forwards, capacity 100/s:
 * relay ~5 ms, simulator ~2 ms and PostgreSQL together spend about 9 ms of CPU per forward, so 100/s is about half
 * of this 2-core machine).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { corpusDocuments, corpusSchematron, FSE2_CORPUS, FSE2_EXAMPLES } from '../../test/support/fse2/testdata.ts';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCdaValidator, createCdaValidatorPool } from '../../src/fse2/index.ts';
import type { PhaseCpu } from './cpu.ts';
import { measureConversions, measureConversionsByType } from './convert.ts';
import { measureDrain } from './drain.ts';
import { measurePublications } from './publish.ts';

const RUNS = Number(process.env.FSE2_BENCH_RUNS ?? '30');
const SECONDS = Number(process.env.FSE2_BENCH_SECONDS ?? '10');
/** The server's validation pool size (src/fse2/validation/pool.ts): 2 on the reference machine. */
const THREADS = availableParallelism();
const EXAMPLES = FSE2_EXAMPLES;
const CORPUS = FSE2_CORPUS;

interface Sample {
  name: string;
  type: string;
  bytes: Buffer;
  schematronFile?: string;
}

function samples(): Sample[] {
  const list: Sample[] = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => ({ name: `esempi/${f}`, type: f.replace('.xml', ''), bytes: readFileSync(join(EXAMPLES, f)) }));
  for (const dir of readdirSync(CORPUS)) {
    const files = corpusDocuments(dir).map((d) => d.path);
    const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const schV3 = corpusSchematron(dir);
    if (!largest || !schV3) continue;
    list.push({
      name: largest.slice(CORPUS.length + 1),
      type: `${dir.replace('schematron', '')} (corpus largest)`,
      bytes: readFileSync(largest),
      schematronFile: join(CORPUS, dir, 'schV3', schV3),
    });
  }
  return list;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}

/**
 * Validations/s through the server's pool (one engine per thread, os.availableParallelism() threads), with two
 * documents in flight per thread so no thread waits for the next one. Each thread has compiled every schematron first.
 */
async function throughput(seconds: number): Promise<{ count: number; ms: number }> {
  const pool = await createCdaValidatorPool({ size: THREADS });
  try {
    const docs = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => readFileSync(join(EXAMPLES, f)));
    // All at once, each twice per thread: the least busy thread takes the next one, so every thread sees every type.
    await Promise.all(docs.flatMap((doc) => Array.from({ length: THREADS }, () => pool.validate(doc))));
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    let sent = 0;
    await Promise.all(
      Array.from({ length: THREADS * 2 }, async () => {
        while (performance.now() < end) {
          await pool.validate(docs[sent++ % docs.length] ?? Buffer.alloc(0));
          count++;
        }
      }),
    );
    return { count, ms: performance.now() - start };
  } finally {
    await pool.close();
  }
}

const cpuOf = (cpu: PhaseCpu) =>
  `${cpu.nodeMsPerDocument}+${cpu.postgresMsPerDocument} (${cpu.statementsPerDocument} statements, ` +
  `${cpu.commitsPerDocument} commits, ${cpu.walKbPerDocument} KB of WAL)`;

async function main(): Promise<void> {
  // The machine is shared: the 1-minute load average says how much of the 2 cores the figures really had.
  const loadBefore = loadavg()[0] ?? 0;
  const validator = await createCdaValidator();
  const { values } = parseArgs({
    options: {
      publications: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '300' },
      backlog: { type: 'string', default: '100000' },
      capacity: { type: 'string', default: '100' },
      pace: { type: 'string' },
      'latency-only': { type: 'boolean', default: false },
      'latency-warmup': { type: 'string', default: '3' },
    },
  });
  const latency: Record<
    string,
    { document: string; bytes: number; valid: boolean; p50: number; p99: number; cpuMs: number }
  > = {};
  for (const sample of samples()) {
    const opts = sample.schematronFile ? { schematronFile: sample.schematronFile } : {};
    let valid = false;
    const warmup = Number(values['latency-warmup']);
    for (let i = 0; i < warmup; i++) valid = (await validator.validate(sample.bytes, opts)).valid;
    const times: number[] = [];
    // CPU of this thread per validation: on the shared machine, wall-clock latency also counts the neighbours.
    const cpuBefore = process.threadCpuUsage();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await validator.validate(sample.bytes, opts);
      times.push(performance.now() - t);
    }
    const cpuUsed = process.threadCpuUsage(cpuBefore);
    times.sort((a, b) => a - b);
    latency[sample.type] = {
      cpuMs: Math.round((cpuUsed.user + cpuUsed.system) / RUNS / 10) / 100,
      document: sample.name,
      bytes: sample.bytes.length,
      valid,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
    };
    const line = latency[sample.type];
    console.log(`${sample.type}: p50 ${line?.p50} ms, p99 ${line?.p99} ms, CPU ${line?.cpuMs} ms per validation`);
  }
  await validator.close();
  if (values['latency-only']) return;

  const run = await throughput(SECONDS);
  const perSecond = (run.count * 1000) / run.ms;
  const publication = await measurePublications({
    publications: Number(values.publications),
    concurrency: Number(values.concurrency),
    warmup: Number(values.warmup),
    log: (line) => {
      console.log(line);
    },
  });
  const conversions = { ...measureConversions(20), byType: measureConversionsByType(20) };
  console.log(`conversions: ${conversions.perSecond.toFixed(1)}/s over the national examples`);
  const drain = await measureDrain({
    backlog: Number(values.backlog),
    capacity: Number(values.capacity),
    ...(values.pace === undefined ? {} : { pace: Number(values.pace) }),
    log: (line) => {
      console.log(line);
    },
  });
  const vpsP99 = latency.VPS?.p99 ?? Number.NaN;
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const result = {
    benchmark: 'fse2',
    date: new Date().toISOString(),
    catalogVersion: 'it-fse-catalogs@72228d8',
    engine: 'libxml2-wasm (XSD) + fontoxpath/slimdom (ISO Schematron, XPath 3.1) + catalog terminology',
    runsPerDocument: RUNS,
    latencyMs: latency,
    throughput: {
      threads: THREADS,
      seconds: SECONDS,
      validations: run.count,
      perSecond: Math.round(perSecond * 10) / 10,
      mix: 'the 9 national examples in turn',
    },
    publication,
    conversions,
    drain,
    aims: {
      vpsP99Ms: { value: vpsP99, limit: 300, ratio: Math.round((vpsP99 / 300) * 100) / 100 },
      validationsPerSecond: {
        value: Math.round(perSecond * 10) / 10,
        limit: 40,
        ratio: Math.round((perSecond / 40) * 100) / 100,
      },
      // Gateway publications/s over the same run's ITI-65 rate: the aim is a ratio of at least 0.5.
      publicationVsIti65: {
        value: publication.ratio,
        limit: 0.5,
        ratio: Math.round((publication.ratio / 0.5) * 100) / 100,
      },
      // Backlog drained per second over the simulator's configured capacity: at least 0.8.
      drainVsCapacity: { value: drain.ratio, limit: 0.8, ratio: Math.round((drain.ratio / 0.8) * 100) / 100 },
    },
    machine: {
      cpu,
      logicalCores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      loadAverage1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round((loadavg()[0] ?? 0) * 10) / 10 },
    },
  };
  const resultsDir = join(import.meta.dirname, '..', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'fse2.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `fse2: VPS p99 ${vpsP99} ms (${result.aims.vpsP99Ms.ratio}x the 300 ms aim), ` +
      `${result.throughput.perSecond} validations/s on ${THREADS} threads ` +
      `(${result.aims.validationsPerSecond.ratio}x the 40/s aim); publication ${publication.gateway.perSecond}/s ` +
      `vs ITI-65 ${publication.iti65.perSecond}/s = ${publication.ratio}x (aim 0.5x; ${publication.publications} ` +
      `each, ${publication.concurrency} concurrent, ` +
      `errors ${publication.gateway.errors}+${publication.iti65.errors}; CPU ms per document node+postgres: ` +
      `ITI-65 ${cpuOf(publication.cpu.iti65)}, publication ${cpuOf(publication.cpu.gateway)}, national ` +
      `simulator ${publication.cpu.gateway.nationalSimulatorMsPerDocument}); ` +
      `${conversions.perSecond.toFixed(1)} conversions/s; drain of ${drain.backlog} forwards ` +
      `${drain.drain.perSecond}/s at capacity ${drain.capacityPerSecond}/s = ${drain.ratio}x (aim 0.8x; ` +
      `lost ${drain.check.lost}, duplicates ${drain.check.duplicates}, out of order ${drain.check.outOfOrder}) ` +
      `(${cpu}, Node ${process.version}, ` +
      `load average ${result.machine.loadAverage1m.before} on ${cpus().length} cores)`,
  );
}

await main();
