import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR, writeReport } from '../lib/report.ts';
import { runOpeningDay } from './orchestrate.ts';
import { composeReport } from './report.ts';

/**
 * `npm run bench:opening-day [-- --citizens N --minutes M --servers 1|2 --admit-per-minute R --target-ms T
 * --time-scale S --room-phase-seconds P [--room-only] --allocator separate|in-process|off]`:
 * the opening of the over-80 campaign. N distinct synthetic over-80s (default 100,000) arrive
 * over M minutes (10) with a spike at the opening; the built server (`node src/main.ts`, one
 * or two processes) on real PostgreSQL; a separate load-generator process acting as the
 * people, their browsers and phones, with the two simulated SMSCs over SMPP. Writes
 * bench/results/opening-day.json and opening-day.html; the one-line summary is printed last.
 */
const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '100000' },
    minutes: { type: 'string', default: '10' },
    servers: { type: 'string', default: '2' },
    'admit-per-minute': { type: 'string', default: '36000' },
    // Adaptive admission under this enrollment p95 (ms); 0 for the fixed rate above.
    'target-ms': { type: 'string', default: '250' },
    'time-scale': { type: 'string', default: '20' },
    pool: { type: 'string', default: '20' },
    'hold-minutes': { type: 'string', default: '5' },
    'capacity-seconds': { type: 'string', default: '20' },
    name: { type: 'string', default: 'opening-day' },
    // Issue 21: admission paused for the first S seconds after the opening (the room phase), and the room alone.
    'room-phase-seconds': { type: 'string', default: '0' },
    'room-only': { type: 'boolean', default: false },
    // Where allocation runs: its own niced process (separate), the API servers (in-process), or not at all (off).
    allocator: { type: 'string', default: 'separate' },
  },
});
const servers = Number(values.servers) === 1 ? 1 : 2;
const raw = await runOpeningDay({
  citizens: Number(values.citizens),
  minutes: Number(values.minutes),
  servers,
  admitPerMinute: Number(values['admit-per-minute']),
  adaptiveTargetMs: Number(values['target-ms']) > 0 ? Number(values['target-ms']) : null,
  timeScale: Number(values['time-scale']),
  poolMax: Number(values.pool),
  holdSeconds: Math.round(Number(values['hold-minutes']) * 60),
  // The dispatcher's contract rates (real time): otp codes for 500 enrollments/s plus their confirmations.
  smsRates: { a: 1_000, b: 500 },
  capacitySeconds: Number(values['capacity-seconds']),
  roomPhaseSeconds: Number(values['room-phase-seconds']),
  roomOnly: values['room-only'],
  allocator: values.allocator === 'in-process' || values.allocator === 'off' ? values.allocator : 'separate',
  log: (line) => {
    process.stderr.write(`${line}\n`);
  },
});
const report = composeReport(raw);
const chartFile = path.join(RESULTS_DIR, `${values.name}.html`);
writeReport(
  values.name,
  { ...report.figures, chart: path.relative(path.resolve(RESULTS_DIR, '../..'), chartFile) },
  report.summary,
);
writeFileSync(chartFile, report.chart);
if (!report.passed) process.exitCode = 1;
