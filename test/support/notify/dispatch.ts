// Test support for the notify *.int.test.ts files: a database of their own, two SMSC
// simulators over real SMPP (providers a and b) and a dispatcher with short timings.
import { sql, type Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import type { Database } from '../../../src/db/schema.ts';
import type { ProviderId, ProviderSettings } from '../../../src/notify/config.ts';
import { createDispatcher, type Dispatcher, type DispatcherTuning } from '../../../src/notify/dispatch/dispatcher.ts';
import { createNotifyMetrics, type NotifyMetrics } from '../../../src/notify/metrics.ts';
import { notifyRepository } from '../../../src/notify/repository.ts';
import type { Logger } from '../../../src/notify/smpp/logger.ts';
import { startSimulator, type RunningSimulator, type SimulatorConfigPatch } from '../../../src/notify/smsc/index.ts';

/** Fast enough for tests, slow enough to watch: reconciliation every 100 ms, 300 ms grace. */
export const testTuning: Partial<DispatcherTuning> = {
  leaseMs: 3_000,
  pollMs: 20,
  flushMs: 5,
  sweepMs: 100,
  receiptGraceMs: 300,
  responseTimeoutMs: 1_000,
  retryBackoff: { initialDelayMs: 50, maxDelayMs: 400, multiplier: 2 },
  health: {
    cooldown: { initialDelayMs: 150, maxDelayMs: 600, multiplier: 2 },
    receiptLagMs: 1_000,
    receiptMinSample: 20,
  },
};

/** Handsets answer in 20-50 ms and receipts follow at once; no throughput limit (the dispatcher paces). */
export const fastSmsc: SimulatorConfigPatch = {
  tps: 0,
  delivery: { minMs: 20, maxMs: 50, tail: [] },
  receiptDelayMs: 0,
};

export interface NotifyHarness {
  readonly database: TestDatabase;
  readonly db: Kysely<Database>;
  readonly sims: Readonly<Record<ProviderId, RunningSimulator>>;
  readonly providers: readonly ProviderSettings[];
  readonly registry: Registry;
  readonly metrics: NotifyMetrics;
  /** Starts a dispatcher (stopped by close()) and waits for `bound` providers to bind (default both). */
  startDispatcher(options?: {
    tuning?: Partial<DispatcherTuning>;
    bound?: readonly ProviderId[];
    logger?: Logger;
  }): Promise<Dispatcher>;
  /** Rows of notify_messages by id, with what the tests look at. */
  messages(): Promise<MessageView[]>;
  /** Waits until no message is queued, submitting, unknown or submitted. */
  settle(timeoutMs?: number): Promise<MessageView[]>;
  close(): Promise<void>;
}

export interface MessageView {
  readonly id: number;
  readonly lane: string;
  readonly status: string;
  readonly recipient: string;
  readonly provider: string | null;
  readonly provider_message_id: string | null;
  readonly attempts: number;
  readonly queued_at: Date;
  /** The last claim: when a dispatcher took the message in hand. */
  readonly claimed_at: Date | null;
  readonly submitted_at: Date | null;
}

export async function startNotifyHarness(
  options: { a?: SimulatorConfigPatch; b?: SimulatorConfigPatch; rates?: [number, number] } = {},
): Promise<NotifyHarness> {
  const database = await createTestDatabase();
  const db = database.db.kysely;
  const [rateA, rateB] = options.rates ?? [200, 200];
  const a = await startSimulator({
    port: 0,
    config: { ...fastSmsc, systemId: 'salus-a', password: 'pass-a', ...options.a },
  });
  const b = await startSimulator({
    port: 0,
    config: { ...fastSmsc, systemId: 'salus-b', password: 'pass-b', ...options.b },
  });
  const providers: ProviderSettings[] = [
    { id: 'a', host: '127.0.0.1', port: a.port, systemId: 'salus-a', password: 'pass-a', rate: rateA },
    { id: 'b', host: '127.0.0.1', port: b.port, systemId: 'salus-b', password: 'pass-b', rate: rateB },
  ];
  const registry = new Registry();
  const metrics = createNotifyMetrics(registry, () => notifyRepository(db).laneSnapshot());
  const dispatchers: Dispatcher[] = [];
  const messages = async (): Promise<MessageView[]> =>
    (
      await sql<MessageView>`
    SELECT id, lane, status, recipient, provider, provider_message_id, attempts, queued_at, claimed_at, submitted_at
    FROM notify_messages ORDER BY id`.execute(db)
    ).rows;
  return {
    database,
    db,
    sims: { a, b },
    providers,
    registry,
    metrics,
    async startDispatcher({ tuning = {}, bound = ['a', 'b'], logger } = {}) {
      const dispatcher = createDispatcher({
        db,
        providers,
        sender: 'Salus',
        metrics,
        tuning: { ...testTuning, ...tuning },
        ...(logger ? { logger } : {}),
      });
      dispatchers.push(dispatcher);
      await dispatcher.start();
      await dispatcher.waitUntilBound(5_000, bound);
      return dispatcher;
    },
    messages,
    async settle(timeoutMs = 10_000) {
      let rows: MessageView[] = [];
      await vi.waitFor(
        async () => {
          rows = await messages();
          const open = rows.filter((m) => ['queued', 'submitting', 'unknown', 'submitted'].includes(m.status));
          if (open.length > 0) throw new Error(`${open.length} messages not final, e.g. ${JSON.stringify(open[0])}`);
        },
        { timeout: timeoutMs, interval: 25 },
      );
      return rows;
    },
    async close() {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await Promise.all([a.close(), b.close()]);
      await database.drop();
    },
  };
}

/** How many times each number's phone received a text, over both simulators. */
export function receivedPerPhone(sims: Readonly<Record<ProviderId, RunningSimulator>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sim of Object.values(sims)) {
    for (const phone of sim.control.allPhones())
      counts.set(`+${phone.number}`, (counts.get(`+${phone.number}`) ?? 0) + phone.received);
  }
  return counts;
}

/** The value of one counter or gauge series, 0 if absent. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const data = await metric.get();
  return data.values
    .filter((v) => Object.entries(labels).every(([k, value]) => String(v.labels[k]) === value))
    .reduce((sum, v) => sum + v.value, 0);
}
