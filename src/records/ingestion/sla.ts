import type { Kysely } from 'kysely';
import { Counter, Histogram, type Registry } from 'prom-client';
import { snapshotGauges } from '../../shared/snapshot-gauges.ts';
import type { RecordsDatabase } from '../db-types.ts';
import { slaRepository as repo } from './sla-repository.ts';

/** 24 hours: the FSE's processing SLA. */
export const SLA_SECONDS = 86_400;

/**
 * Delay buckets from one second (the worker polls every second) to two days, with
 * the SLA itself (86,400 s) as a boundary so that breaches are counted exactly.
 */
export const DELAY_BUCKETS = [1, 5, 15, 60, 300, 900, 3_600, 14_400, 43_200, SLA_SECONDS, 172_800];

interface Backlog {
  readonly pending: number;
  readonly flagged: number;
  readonly oldestPendingSeconds: number;
}

async function backlog(db: Kysely<RecordsDatabase>): Promise<Backlog> {
  const row = await repo.backlog(db);
  return {
    pending: row?.pending ?? 0,
    flagged: row?.flagged ?? 0,
    oldestPendingSeconds: Math.max(0, row?.oldest ?? 0),
  };
}

/**
 * The SLA as Prometheus metrics: the age of the oldest unprocessed document and
 * the backlog are read from the database at each scrape (so every instance reports
 * the same truth); the delay histogram and the accepted counter are per process.
 */
export function ingestionMetrics(registry: Registry, db: Kysely<RecordsDatabase>) {
  const delay = new Histogram({
    name: 'fse_ingestion_delay_seconds',
    help: 'Seconds from ITI-65 acceptance to processing (index + notice), per document',
    buckets: DELAY_BUCKETS,
    registers: [registry],
  });
  const accepted = new Counter({
    name: 'fse_documents_accepted_total',
    help: 'Documents accepted through ITI-65 (replays not counted)',
    registers: [registry],
  });
  snapshotGauges(registry, () => backlog(db), { pending: 0, flagged: 0, oldestPendingSeconds: 0 }, [
    {
      name: 'fse_ingestion_oldest_pending_seconds',
      help: 'Age of the oldest accepted but unprocessed document (SLA: 86400)',
      value: (b) => b.oldestPendingSeconds,
    },
    {
      name: 'fse_ingestion_pending_documents',
      help: 'Documents accepted and not yet processed',
      value: (b) => b.pending,
    },
    {
      name: 'fse_ingestion_flagged_documents',
      help: 'Documents whose processing failed after every retry (stored, awaiting an operator)',
      value: (b) => b.flagged,
    },
  ]);
  return {
    observeDelay: (seconds: number) => {
      delay.observe(seconds);
    },
    accepted: (n: number) => {
      accepted.inc(n);
    },
  };
}

export interface SlaReport {
  readonly slaSeconds: number;
  readonly pending: number;
  readonly flagged: number;
  readonly oldestPendingSeconds: number;
  readonly last24h: {
    readonly processed: number;
    readonly breaches: number;
    readonly p50Seconds: number | null;
    readonly p95Seconds: number | null;
    readonly p99Seconds: number | null;
  };
  readonly histogram: { readonly le: number | null; readonly count: number }[];
  readonly documentsByClass: { readonly docClass: string; readonly documents: number }[];
  /** Documents processed in each of the last 24 hours, oldest first (hours with none included). */
  readonly processedPerHour: { readonly hour: string; readonly documents: number }[];
}

/** The region dashboard's view of the SLA, from the database: aggregates only, no personal data. */
export function slaReport(db: Kysely<RecordsDatabase>): Promise<SlaReport> {
  // One snapshot, so that the figures add up while processing goes on.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => slaFigures(trx));
}

async function slaFigures(db: Kysely<RecordsDatabase>): Promise<SlaReport> {
  const b = await backlog(db);
  const s = await repo.last24h(db, SLA_SECONDS);
  const buckets = await repo.delayBuckets(db, DELAY_BUCKETS);
  const classes = await repo.documentsByClass(db);
  const perHour = await repo.processedPerHour(db);
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 1000);
  return {
    slaSeconds: SLA_SECONDS,
    ...b,
    last24h: {
      processed: s?.processed ?? 0,
      breaches: s?.breaches ?? 0,
      p50Seconds: round(s?.p50),
      p95Seconds: round(s?.p95),
      p99Seconds: round(s?.p99),
    },
    // width_bucket: 0 is below the first bound, i is [bound i-1, bound i), n+1 is above the last.
    histogram: [...DELAY_BUCKETS, null].map((le, i) => ({
      le,
      count: buckets.find((r) => r.bucket === i)?.count ?? 0,
    })),
    documentsByClass: classes.map((r) => ({ docClass: r.doc_class, documents: r.documents })),
    processedPerHour: perHour.map((r) => ({ hour: new Date(r.hour).toISOString(), documents: r.documents })),
  };
}
