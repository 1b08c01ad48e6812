import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createDispatcher } from '../../src/notify/dispatch/dispatcher.ts';
import { createNotifyMetrics } from '../../src/notify/metrics.ts';
import { enqueueMessages, type MessageInput } from '../../src/notify/outbox/enqueue.ts';
import { startSimulator } from '../../src/notify/smsc/index.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { writeReport } from '../lib/report.ts';
import { analyse, counterSeries, type Timeline } from './analyse.ts';

/**
 * `npm run bench:sms [-- --bulk N --otp N]`: the issue's scenario, on real SMPP and real
 * PostgreSQL, in real time (nothing sped up but the validity period, see below).
 * 1. 500,000 bulk messages are queued; the dispatcher starts.
 * 2. At --otp-at seconds, 100,000 otp messages arrive as a burst (8 writers, 100 per transaction).
 * 3. Provider A: 300 msg/s, refusing 30% of submits with ESME_RTHROTTLED at random;
 *    provider B: 200 msg/s. For --outage-for seconds in the middle of the run, A is down.
 * Every message goes to its own number with a unique text, so the simulated phones are the
 * ground truth for duplicates and losses.
 */
const { values } = parseArgs({
  options: {
    bulk: { type: 'string', default: '500000' },
    otp: { type: 'string', default: '100000' },
    'rate-a': { type: 'string', default: '300' },
    'rate-b': { type: 'string', default: '200' },
    'throttle-a': { type: 'string', default: '0.3' },
    'otp-at': { type: 'string', default: '20' },
    'outage-at': { type: 'string' },
    'outage-for': { type: 'string', default: '60' },
    'validity-s': { type: 'string', default: '120' },
  },
});
const bulk = Number(values.bulk);
const otp = Number(values.otp);
const rateA = Number(values['rate-a']);
const rateB = Number(values['rate-b']);
const capacity = rateA + rateB;
const otpAt = Number(values['otp-at']);
const outageFor = Number(values['outage-for']);
// "In the middle": half of the time the whole load takes at full capacity.
const outageAt =
  values['outage-at'] === undefined ? Math.round((bulk + otp) / capacity / 2) : Number(values['outage-at']);
// Scaled down from 24 h (bulk) and 10 min (otp): a submit left unanswered by A's outage and not
// accepted is only queued again after validity + 60 s grace, and that must happen within the run.
const validitySeconds = Number(values['validity-s']);

const log = (message: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};
const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (o: object, m: string) => {
    log(`ERROR ${m} ${JSON.stringify(o)}`);
  },
};

const database = await benchDatabase('sms');
const db = createDb({ url: database.url, poolMax: 8 });
const smsc = { delivery: { minMs: 1_000, maxMs: 5_000, tail: [] }, receiptDelayMs: 500 };
const phones = { maxPhones: bulk + otp + 1_000, messagesPerPhone: 2 };
const simA = await startSimulator({
  port: 0,
  ...phones,
  config: { ...smsc, systemId: 'bench-a', password: 'bench-a', tps: rateA, throttleRate: Number(values['throttle-a']) },
});
const simB = await startSimulator({
  port: 0,
  ...phones,
  config: { ...smsc, systemId: 'bench-b', password: 'bench-b', tps: rateB },
});
const registry = new Registry();
const metrics = createNotifyMetrics(registry, () => Promise.resolve([]));

try {
  await migrate(db.pool);
  const number = (i: number): string => `+393${String(i).padStart(9, '0')}`;
  const message = (lane: 'bulk' | 'otp', i: number): MessageInput => ({
    lane,
    to: number(lane === 'bulk' ? i : 900_000_000 + i),
    text:
      lane === 'bulk'
        ? `Salus: la campagna vaccinale è aperta, prenota su salus.example.org (rif. b${i})`
        : `Codice Salus: ${String(100_000 + (i % 900_000))} (rif. o${i})`,
    idempotencyKey: `${lane}:${i}`,
    validitySeconds,
  });

  const enqueueStart = performance.now();
  for (let i = 0; i < bulk; i += 50_000) {
    const batch = Array.from({ length: Math.min(50_000, bulk - i) }, (_, k) => message('bulk', i + k));
    await enqueueMessages(db.kysely, batch);
  }
  const bulkEnqueueSeconds = (performance.now() - enqueueStart) / 1_000;
  log(`queued ${bulk} bulk in ${bulkEnqueueSeconds.toFixed(1)} s`);

  const dispatcher = createDispatcher({
    db: db.kysely,
    providers: [
      { id: 'a', host: '127.0.0.1', port: simA.port, systemId: 'bench-a', password: 'bench-a', rate: rateA },
      { id: 'b', host: '127.0.0.1', port: simB.port, systemId: 'bench-b', password: 'bench-b', rate: rateB },
    ],
    sender: 'Salus',
    metrics,
    logger: quiet,
  });
  const t0 = new Date();
  await dispatcher.start();
  const timeline: Timeline = { t0, otpBurst: null, outage: null };

  const otpBurst = (async () => {
    await new Promise((resolve) => setTimeout(resolve, otpAt * 1_000));
    const started = new Date();
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < otp) {
        const from = next;
        next = Math.min(otp, next + 100);
        await db.kysely.transaction().execute((trx) =>
          enqueueMessages(
            trx,
            Array.from({ length: next - from }, (_, k) => message('otp', from + k)),
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    timeline.otpBurst = { from: started, to: new Date() };
    log(`otp burst of ${otp} committed in ${((Date.now() - started.getTime()) / 1_000).toFixed(1)} s`);
  })();

  const outage = (async () => {
    await new Promise((resolve) => setTimeout(resolve, outageAt * 1_000));
    const from = new Date();
    simA.control.update({ outage: true });
    log(`provider A down for ${outageFor} s`);
    await new Promise((resolve) => setTimeout(resolve, outageFor * 1_000));
    simA.control.update({ outage: false });
    timeline.outage = { from, to: new Date() };
    log('provider A back');
  })();

  // Until every message is final, or far past what the load should take.
  const load: number[] = [];
  const deadline = Date.now() + ((bulk + otp) / capacity + outageFor + validitySeconds + 600) * 2_000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    load.push(loadavg()[0] ?? 0);
    const open = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM notify_messages
      WHERE status NOT IN ('delivered', 'failed', 'dead') GROUP BY status`.execute(db.kysely);
    const left = open.rows.reduce((sum, r) => sum + r.n, 0);
    const states = dispatcher
      .providers()
      .map((p) => `${p.id}:${p.state}`)
      .join(' ');
    log(
      `${Math.round((Date.now() - t0.getTime()) / 1_000)} s: ${left} not final ` +
        `(${open.rows.map((r) => `${r.status} ${r.n}`).join(', ')}) ${states}`,
    );
    if (left === 0 && timeline.otpBurst !== null && timeline.outage !== null) break;
    if (Date.now() > deadline) {
      log('deadline reached with messages not final');
      break;
    }
  }
  await Promise.all([otpBurst, outage]);
  await dispatcher.stop();

  const figures = await analyse({
    db: db.kysely,
    sims: { a: simA.control, b: simB.control },
    timeline,
    bulk,
    otp,
    capacity,
    rateA,
    failovers: await counterSeries(registry, 'notify_failovers_total'),
    load,
    unknownOutcomes: await counterSeries(registry, 'notify_outcome_unknown_total'),
  });
  const report = {
    scenario: {
      bulk,
      otp,
      providerA: { rate: rateA, throttleRate: Number(values['throttle-a']) },
      providerB: { rate: rateB },
      otpBurstAtSeconds: otpAt,
      outage: { atSeconds: outageAt, forSeconds: outageFor },
      scaled:
        `Nothing sped up: rates, outage and delivery latency (1-5 s, receipts +0.5 s) run in real time. ` +
        `Only the validity period is shortened, to ${validitySeconds} s for every message (production: 10 min ` +
        `otp, 24 h bulk), so that submits left unanswered by the outage are resolved within the run.`,
    },
    ...figures,
  };
  const o = figures.otpTimeToSubmit;
  writeReport(
    'sms',
    report,
    `sms: ${bulk} bulk + ${otp} otp; otp time-to-submit p50 ${o.p50Seconds} s / p99 ${o.p99Seconds} s / max ` +
      `${o.maxSeconds} s (beyond the otp queue at full capacity: p99 ${o.excessOverFullCapacity.p99Seconds} ` +
      `s); throughput ${figures.throughput.perSecond} msg/s = ${figures.throughput.shareOfProviderRates}% of ` +
      `${capacity} msg/s (${figures.throughput.shareOfAvailableCapacity}% of capacity net of the outage); ` +
      `duplicates ${figures.duplicates}; lost ${figures.lost}`,
  );
} catch (error) {
  log(`ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await Promise.all([simA.close(), simB.close()]);
  await db.close();
  await database.close();
}
