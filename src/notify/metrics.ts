import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Lane } from './db-types.ts';
import { LANES } from './outbox/lanes.ts';

export interface LaneSnapshot {
  readonly lane: Lane;
  readonly queued: number;
  readonly oldestQueuedAt: Date | null;
  readonly submitting: number;
  readonly unknown: number;
  readonly dead: number;
}

export interface NotifyMetrics {
  readonly submits: Counter<'provider' | 'outcome'>;
  readonly failovers: Counter<'from' | 'to' | 'reason'>;
  readonly recoveries: Counter<'provider'>;
  readonly providerUp: Gauge<'provider'>;
  readonly deadLetters: Counter<'lane'>;
  readonly receipts: Counter<'provider' | 'status'>;
  readonly unmatchedReceipts: Counter;
  readonly outcomeUnknown: Counter<'reason'>;
  observeSubmitted(timings: readonly { lane: string; provider: string; queued_at: Date; at: Date }[]): void;
  observeFinal(
    timings: readonly { lane: string; provider: string; queued_at: Date; at: Date; delivered: boolean }[],
  ): void;
}

// From 50 ms (an idle queue) to 2 h: the 2021 incident was a 50-minute tail, which
// must land in a bucket of its own rather than in +Inf.
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200];

/**
 * The notify metrics on the registry it is given (never the global one). Queue gauges
 * read the database at scrape time, at most once a second, through `snapshot`.
 */
export function createNotifyMetrics(
  registry: Registry,
  snapshot: () => Promise<readonly LaneSnapshot[]>,
): NotifyMetrics {
  const registers = [registry];
  let cached: { at: number; value: Promise<readonly LaneSnapshot[]> } | null = null;
  const read = (): Promise<readonly LaneSnapshot[]> => {
    const now = Date.now();
    if (cached === null || now - cached.at > 1_000) {
      const value = snapshot();
      value.catch(() => {
        cached = null;
      }); // a failed read is not cached
      cached = { at: now, value };
    }
    return cached.value;
  };
  const laneGauge = (name: string, help: string, pick: (s: LaneSnapshot) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['lane'],
      registers,
      async collect() {
        const lanes = await read();
        for (const lane of LANES) this.set({ lane }, pick(lanes.find((s) => s.lane === lane) ?? emptyLane(lane)));
      },
    });
  };
  laneGauge('notify_queue_depth', 'Messages waiting to be sent, per lane', (s) => s.queued);
  laneGauge('notify_queue_oldest_age_seconds', 'Age of the oldest waiting message, per lane (0 if none)', (s) =>
    s.oldestQueuedAt === null ? 0 : Math.max(0, (Date.now() - s.oldestQueuedAt.getTime()) / 1_000),
  );
  laneGauge(
    'notify_messages_submitting',
    'Messages claimed by a dispatcher and being submitted, per lane',
    (s) => s.submitting,
  );
  laneGauge(
    'notify_messages_outcome_unknown',
    'Messages sent without an answer, awaiting a receipt or their validity, per lane',
    (s) => s.unknown,
  );
  laneGauge(
    'notify_dead_letters',
    'Messages given up on after repeated refusals (alert when > 0), per lane',
    (s) => s.dead,
  );

  const toSubmitted = new Histogram({
    name: 'notify_queued_to_submitted_seconds',
    help: 'Time from queued to accepted by an SMSC, per provider and lane',
    labelNames: ['provider', 'lane'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const toDelivered = new Histogram({
    name: 'notify_queued_to_delivered_seconds',
    help: 'Time from queued to delivered to the handset (from the delivery receipt), per provider and lane',
    labelNames: ['provider', 'lane'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const seconds = (t: { queued_at: Date; at: Date }): number =>
    Math.max(0, (t.at.getTime() - t.queued_at.getTime()) / 1_000);

  return {
    submits: new Counter({
      name: 'notify_submits_total',
      help: 'submit_sm outcomes per provider',
      labelNames: ['provider', 'outcome'],
      registers,
    }),
    failovers: new Counter({
      name: 'notify_failovers_total',
      help: 'Times a provider was taken out of service and traffic moved to the next one ("none" if there was none)',
      labelNames: ['from', 'to', 'reason'],
      registers,
    }),
    recoveries: new Counter({
      name: 'notify_provider_recoveries_total',
      help: 'Times a provider came back into service',
      labelNames: ['provider'],
      registers,
    }),
    providerUp: new Gauge({
      name: 'notify_provider_up',
      help: '1 when the provider is bound and in service',
      labelNames: ['provider'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'notify_dead_letters_total',
      help: 'Messages moved to the dead letters',
      labelNames: ['lane'],
      registers,
    }),
    receipts: new Counter({
      name: 'notify_receipts_total',
      help: 'Final delivery receipts received',
      labelNames: ['provider', 'status'],
      registers,
    }),
    unmatchedReceipts: new Counter({
      name: 'notify_receipts_unmatched_total',
      help: 'Receipts naming no known message when they arrived',
      registers,
    }),
    outcomeUnknown: new Counter({
      name: 'notify_outcome_unknown_total',
      help: 'Submits whose outcome was lost (timeout, lost connection, crash)',
      labelNames: ['reason'],
      registers,
    }),
    observeSubmitted(timings) {
      for (const t of timings) toSubmitted.observe({ provider: t.provider, lane: t.lane }, seconds(t));
    },
    observeFinal(timings) {
      for (const t of timings) if (t.delivered) toDelivered.observe({ provider: t.provider, lane: t.lane }, seconds(t));
    },
  };
}

function emptyLane(lane: Lane): LaneSnapshot {
  return { lane, queued: 0, oldestQueuedAt: null, submitting: 0, unknown: 0, dead: 0 };
}
