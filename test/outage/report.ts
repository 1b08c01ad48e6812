import { seconds } from '../failover/timeline.ts';
import type { AgeCheck, ForwardCheck } from './checks.ts';
import type { Change } from './publish.ts';
import type { BacklogSample } from './sla.ts';

/** The outage drill's figures and targets (issue 20 item 4). */
export const SLA_SECONDS = 86_400;
/** The relay probes every 5 s (ADR 0014): the drain must start within that, plus a pass and a busy machine. */
export const DRAIN_START_TARGET_S = 15;
/** The oldest-age gauge against the clients' own clock: one scrape apart, plus a loaded 2-core machine. */
const AGE_TOLERANCE_S = 10;

export interface OutageRun {
  readonly outageMs: number;
  readonly startedAt: number;
  readonly downAt: number;
  readonly killedAt: number;
  readonly upAt: number;
  readonly rtoMs: number | null;
  readonly changes: readonly Change[];
  readonly forwarding: ForwardCheck;
  readonly ages: AgeCheck;
  readonly backlogAtReturn: number;
  /** The last scrape before the return, and what its oldest age should be by the clients' acknowledgements. */
  readonly beforeReturn: BacklogSample | null;
  readonly expectedOldestAgeSeconds: number | null;
  readonly samples: readonly BacklogSample[];
  readonly afterDrain: BacklogSample | null;
  readonly drainStartMs: number | null;
  readonly drainMs: number | null;
  readonly receivedDuringOutage: number;
  readonly upTimings: Record<string, number>;
}

export function summarize(r: OutageRun): { figures: Record<string, unknown>; failures: string[] } {
  const acked = r.changes.filter((c) => c.ackedAt !== undefined);
  const reads = acked.filter((c) => c.read !== undefined);
  const readsMissing = reads.filter((c) => c.read?.found !== true);
  // Not found although the site answered: the local record did not have it at once.
  const notAtOnce = reads.filter((c) => c.read?.atOnce !== true && !/^(0|5)/.test(c.read?.answers[0] ?? ''));
  const gaveUp = r.changes.filter((c) => c.failure !== undefined);
  const during = acked.filter((c) => (c.ackedAt ?? 0) >= r.downAt && (c.ackedAt ?? 0) < r.upAt);
  const afterKill = during.filter((c) => (c.ackedAt ?? 0) >= r.killedAt);
  const f = r.forwarding;
  const ageSeen = r.beforeReturn?.oldestAgeSeconds ?? null;
  const ageError =
    ageSeen === null || r.expectedOldestAgeSeconds === null ? null : ageSeen - r.expectedOldestAgeSeconds;
  const maxGauge = Math.max(0, ...r.samples.map((s) => s.oldestAgeSeconds));
  const figures = {
    outage_seconds: seconds(r.outageMs),
    site_killed_after_seconds: seconds(r.killedAt - r.downAt),
    rto_seconds: seconds(r.rtoMs),
    changes_acknowledged: acked.length,
    publications: acked.filter((c) => c.kind === 'create').length,
    metadata_updates: acked.filter((c) => c.kind === 'metadata').length,
    replacements: acked.filter((c) => c.kind === 'replace').length,
    acknowledged_during_outage: during.length,
    acknowledged_after_kill_during_outage: afterKill.length,
    client_gave_up: gaveUp.length,
    read_back: reads.length,
    read_back_at_once: reads.filter((c) => c.read?.atOnce === true).length,
    read_back_after_retry_through_other_site: reads.filter((c) => c.read?.found === true && !c.read.atOnce).length,
    read_back_missing: readsMissing.length,
    read_back_slowest_ms: Math.max(0, ...reads.map((c) => c.read?.ms ?? 0)),
    national_received_during_outage: r.receivedDuringOutage,
    backlog_at_return: r.backlogAtReturn,
    drain_start_seconds_after_return: seconds(r.drainStartMs),
    drain_seconds_after_return: seconds(r.drainMs),
    outbox_rows: f.outboxRows,
    lost_in_outbox: f.lostInOutbox.length,
    lost_nationally: f.lostNationally.length,
    forwarded_twice: f.forwardedTwice.length,
    resends_answered_as_duplicates: f.resends,
    out_of_order: f.outOfOrder.length,
    chains_with_updates_checked: f.chainsWithUpdates,
    national_refusals: f.refused.length,
    sla_oldest_age_gauge_before_return_s: ageSeen,
    sla_oldest_age_expected_s: r.expectedOldestAgeSeconds,
    sla_oldest_age_error_s: ageError === null ? null : Math.round(ageError * 10) / 10,
    sla_oldest_age_gauge_max_s: Math.round(maxGauge * 10) / 10,
    sla_max_age_at_forward_s: r.ages.maxAgeSeconds,
    sla_seconds: SLA_SECONDS,
    sla_breached: r.ages.maxAgeSeconds >= SLA_SECONDS || maxGauge >= SLA_SECONDS,
    accepted_outside_request: r.ages.acceptedAfterAck,
    max_ack_after_acceptance_ms: r.ages.maxAckLagMs,
    backlog_after_drain: r.afterDrain?.backlog ?? null,
    oldest_age_after_drain_s: r.afterDrain?.oldestAgeSeconds ?? null,
    backlog_samples: r.samples.length,
    setup_ms: r.upTimings,
    total_seconds: seconds(Date.now() - r.startedAt),
    detail: {
      gave_up: gaveUp.slice(0, 10).map((c) => `${c.kind} ${c.identificativoDoc}: ${c.failure ?? ''}`),
      read_missing: readsMissing.slice(0, 10).map((c) => `${c.identificativoDoc}: ${c.read?.answers.join(',') ?? ''}`),
      lost: [...f.lostInOutbox, ...f.lostNationally].slice(0, 10),
      twice: f.forwardedTwice.slice(0, 10),
      out_of_order: f.outOfOrder.slice(0, 10),
      refused: f.refused.slice(0, 10),
    },
  };
  const failures = [
    during.length === 0 && 'no change was acknowledged during the outage',
    afterKill.length === 0 && 'no change was acknowledged after the site kill during the outage',
    gaveUp.length > 0 && `${gaveUp.length} changes failed after all retries`,
    readsMissing.length > 0 && `${readsMissing.length} acknowledged documents not readable locally`,
    notAtOnce.length > 0 && `${notAtOnce.length} documents not readable at once from the site that acknowledged them`,
    r.receivedDuringOutage > 0 && `the national side received ${r.receivedDuringOutage} changes while down`,
    r.backlogAtReturn === 0 && 'no backlog when the national side returned',
    f.lostInOutbox.length > 0 && `${f.lostInOutbox.length} acknowledged changes without an outbox row`,
    f.lostNationally.length > 0 && `${f.lostNationally.length} changes never reached the national side`,
    f.forwardedTwice.length > 0 && `${f.forwardedTwice.length} documents forwarded twice`,
    f.outOfOrder.length > 0 && `${f.outOfOrder.length} documents' changes out of order`,
    f.refused.length > 0 && `${f.refused.length} changes refused by the national side`,
    f.chainsWithUpdates === 0 && 'no document had an update or replacement to order',
    (r.drainStartMs === null || r.drainStartMs > DRAIN_START_TARGET_S * 1_000) &&
      `the drain started ${String(seconds(r.drainStartMs))} s after the return (target ${DRAIN_START_TARGET_S} s)`,
    r.drainMs === null && 'the backlog did not drain',
    (ageError === null || Math.abs(ageError) > AGE_TOLERANCE_S) &&
      `oldest-age gauge ${String(ageSeen)} s before the return, expected ${String(r.expectedOldestAgeSeconds)} s`,
    figures.sla_breached && 'the 24 h SLA was breached',
    r.ages.acceptedAfterAck > 0 && `${r.ages.acceptedAfterAck} rows accepted outside their request`,
    (r.afterDrain?.backlog !== 0 || r.afterDrain.oldestAgeSeconds !== 0) &&
      'the backlog gauges are not 0 after the drain',
  ].filter((x): x is string => typeof x === 'string');
  return { figures, failures };
}
