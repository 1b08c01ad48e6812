import { sql, type Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { SimulatorControl } from '../../src/notify/smsc/index.ts';

export interface Span {
  readonly from: Date;
  readonly to: Date;
}
export interface Timeline {
  readonly t0: Date;
  otpBurst: Span | null;
  outage: Span | null;
}

export interface AnalyseArgs<DB> {
  readonly db: Kysely<DB>;
  readonly sims: Readonly<Record<'a' | 'b', SimulatorControl>>;
  readonly timeline: Timeline;
  readonly bulk: number;
  readonly otp: number;
  readonly capacity: number;
  readonly rateA: number;
  readonly failovers: Record<string, number>;
  /** 1-minute load average of the machine, sampled during the run (other work on it skews the figures). */
  readonly load: readonly number[];
  readonly unknownOutcomes: Record<string, number>;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function percentiles(values: number[]): { p50Seconds: number; p99Seconds: number; maxSeconds: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { p50Seconds: round(at(0.5)), p99Seconds: round(at(0.99)), maxSeconds: round(sorted.at(-1) ?? 0) };
}

/** A counter's series as "label=value,…": count, e.g. failovers by provider and reason. */
export async function counterSeries(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return {};
  const series = (await metric.get()).values.map(
    (v) =>
      [
        Object.entries(v.labels)
          .map(([k, l]) => `${k}=${String(l)}`)
          .join(','),
        v.value,
      ] as const,
  );
  return Object.fromEntries(series);
}

/** The report's figures, from the database (what the outbox recorded) and the simulated phones (what arrived). */
export async function analyse<DB>(args: AnalyseArgs<DB>) {
  const { db, timeline, capacity } = args;
  const statuses = Object.fromEntries(
    (
      await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM notify_messages GROUP BY status ORDER BY status`.execute(db)
    ).rows.map((r) => [r.status, r.n]),
  );

  // otp: time to submit, and the part of it that a strict-priority dispatcher at the full sum of
  // provider rates could not have avoided. The k-th otp can be submitted no earlier than it was
  // queued, nor earlier than 1/capacity after the one before it.
  // Messages whose outcome was once unknown (in flight when A went down) wait for a receipt or
  // their validity period by design; they are reported apart and left out of drain timings.
  const unknown = (
    await sql<{ id: number; lane: string; wait: number | null; requeued: boolean }>`
    SELECT m.id, m.lane, extract(epoch FROM m.submitted_at - m.queued_at)::float8 AS wait,
           EXISTS (SELECT 1 FROM notify_events r WHERE r.message_id = m.id AND r.kind = 'requeued') AS requeued
    FROM notify_messages m
    WHERE EXISTS (SELECT 1 FROM notify_events e WHERE e.message_id = m.id AND e.kind = 'outcome_unknown')`.execute(db)
  ).rows;
  const otps = (
    await sql<{ id: number; queued: string; submitted: string | null }>`
    SELECT id, extract(epoch FROM queued_at) * 1000 AS queued, extract(epoch FROM submitted_at) * 1000 AS submitted
    FROM notify_messages WHERE lane = 'otp' ORDER BY id`.execute(db)
  ).rows.map((r) => ({
    id: r.id,
    queued: Number(r.queued),
    submitted: r.submitted === null ? null : Number(r.submitted),
  }));
  const stragglers = new Set(unknown.map((u) => u.id));
  const waits: number[] = [];
  const excess: number[] = [];
  let ideal = -Infinity;
  for (const o of otps) {
    ideal = Math.max(o.queued, ideal + 1_000 / capacity);
    if (o.submitted === null) continue;
    waits.push((o.submitted - o.queued) / 1_000);
    excess.push(Math.max(0, o.submitted - ideal) / 1_000);
  }
  const firstOtpQueued = Math.min(...otps.map((o) => o.queued));
  const lastOtpSubmitted = Math.max(...otps.filter((o) => !stragglers.has(o.id)).map((o) => o.submitted ?? 0));
  // Bulk submitted once the whole burst was committed and before the last otp was submitted: only
  // what was claimed ahead (0.2 s of capacity, 100 messages) and in the SMPP windows (25) may be.
  const burstIn = timeline.otpBurst?.to.getTime() ?? firstOtpQueued;
  const bulkDuringOtp =
    (
      await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM notify_messages WHERE lane = 'bulk'
    AND submitted_at > to_timestamp(${burstIn / 1_000})
      AND submitted_at < to_timestamp(${lastOtpSubmitted / 1_000})`.execute(db)
    ).rows[0]?.n ?? 0;

  const span = (
    await sql<{ first: Date; last: Date; n: number }>`
    SELECT min(submitted_at) AS first, max(submitted_at) AS last, count(submitted_at)::int AS n FROM notify_messages m
    WHERE NOT EXISTS (SELECT 1 FROM notify_events e WHERE e.message_id = m.id AND e.kind = 'outcome_unknown')`.execute(
      db,
    )
  ).rows[0];
  const lastAll = (await sql<{ last: Date | null }>`SELECT max(submitted_at) AS last FROM notify_messages`.execute(db))
    .rows[0]?.last;
  const seconds = span === undefined ? 0 : (span.last.getTime() - timeline.t0.getTime()) / 1_000;
  const perSecond = seconds > 0 ? (span?.n ?? 0) / seconds : 0;
  const outageSeconds =
    timeline.outage === null ? 0 : (timeline.outage.to.getTime() - timeline.outage.from.getTime()) / 1_000;
  const available = capacity * seconds - args.rateA * Math.min(outageSeconds, seconds);

  const received = new Map<string, number>();
  for (const sim of Object.values(args.sims)) {
    for (const phone of sim.allPhones()) received.set(phone.number, (received.get(phone.number) ?? 0) + phone.received);
  }
  const duplicates = [...received.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const accepted = args.sims.a.stats().submitted + args.sims.b.stats().submitted;
  const events = Object.fromEntries(
    (
      await sql<{ kind: string; n: number }>`
    SELECT CASE WHEN kind = 'submitted' AND detail IS NOT NULL
    THEN 'submitted_learned_from_receipt' ELSE kind END AS kind, count(*)::int AS n
    FROM notify_events GROUP BY 1 ORDER BY 1`.execute(db)
    ).rows.map((r) => [r.kind, r.n]),
  );
  const byProvider = (
    await sql<{ provider: string; lane: string; n: number }>`
    SELECT provider, lane, count(*)::int AS n FROM notify_messages
    WHERE provider IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)
  ).rows;
  const delivered = (
    await sql<{ lane: string; p50: number; p99: number }>`
    SELECT lane, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - queued_at)) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - queued_at)) AS p99
    FROM notify_messages WHERE status = 'delivered' GROUP BY lane`.execute(db)
  ).rows;
  const rel = (d: Date | undefined | null): number | null =>
    d == null ? null : round((d.getTime() - timeline.t0.getTime()) / 1_000, 1);

  return {
    timeline: {
      otpBurstSeconds: timeline.otpBurst === null ? null : [rel(timeline.otpBurst.from), rel(timeline.otpBurst.to)],
      outageSeconds: timeline.outage === null ? null : [rel(timeline.outage.from), rel(timeline.outage.to)],
      /** Last submit of a message whose outcome was never unknown: the end of the drain. */
      lastSubmitSeconds: rel(span?.last),
      lastSubmitIncludingUnknownOutcomesSeconds: rel(lastAll),
      otpDrainedSeconds: round((lastOtpSubmitted - timeline.t0.getTime()) / 1_000, 1),
    },
    statuses,
    otpTimeToSubmit: {
      ...percentiles(waits),
      excessOverFullCapacity: {
        ...percentiles(excess),
        meaning:
          'time to submit beyond what the otp ahead of it impose at the full sum of provider rates: the delay ' +
          'due to anything else (bulk, throttling, failover, the dispatcher)',
      },
      bulkSubmittedAfterTheBurstWasInBeforeTheLastOtp: bulkDuringOtp,
    },
    queuedToDeliveredSeconds: Object.fromEntries(
      delivered.map((d) => [d.lane, { p50: round(d.p50), p99: round(d.p99) }]),
    ),
    throughput: {
      messages: span?.n ?? 0,
      seconds: round(seconds, 1),
      perSecond: round(perSecond, 1),
      providerRates: capacity,
      shareOfProviderRates: round((100 * perSecond) / capacity, 1),
      shareOfAvailableCapacity: round((100 * (span?.n ?? 0)) / available, 1),
    },
    byProvider,
    providers: { a: statsOf(args.sims.a), b: statsOf(args.sims.b) },
    unknownOutcomeMessages: {
      count: unknown.length,
      resolvedByReceipt: unknown.filter((u) => !u.requeued).length,
      requeuedAfterValidity: unknown.filter((u) => u.requeued).length,
      byLane: Object.fromEntries(['otp', 'bulk'].map((lane) => [lane, unknown.filter((u) => u.lane === lane).length])),
      maxTimeToSubmitSeconds: round(Math.max(0, ...unknown.map((u) => u.wait ?? 0))),
      meaning:
        'in flight when a link dropped: never resent before a receipt proves them accepted or their validity ' +
        'period has passed',
    },
    failovers: args.failovers,
    machineLoadAverage1m: {
      mean: round(args.load.reduce((a, b) => a + b, 0) / Math.max(1, args.load.length)),
      max: round(Math.max(0, ...args.load)),
    },
    unknownOutcomes: args.unknownOutcomes,
    events,
    // Cross-check: submits the SMSCs accepted, less messages. 0 means no message was accepted twice.
    acceptedBySmscsMinusMessages: accepted - (args.bulk + args.otp),
    /** Phones that received their (unique) text more than once. */
    duplicates,
    lost: args.bulk + args.otp - received.size,
  };
}

function statsOf(sim: SimulatorControl) {
  const s = sim.stats();
  return {
    accepted: s.submitted,
    throttled: s.throttled,
    delivered: s.delivered,
    failed: s.failed,
    receiptsSent: s.receiptsSent,
  };
}
