import { PATRONI_TIMINGS } from '../../deploy/ha/configs.ts';
import type { DbSite, Site } from '../../deploy/ha/topology.ts';
import type { OutboxCheck, WriteCheck } from './checks.ts';
import type { DegradedReport } from './degraded.ts';
import { seconds, type Window } from './timeline.ts';

/** The failover test's figures and its targets (the issue's: 0 lost, RTO < 15 s). */
export const RTO_TARGET_S = 15;
// Without a database a write must fail within this long (measured: < 100 ms).
const FAIL_FAST_MS = 3_000;

export interface KillResult {
  readonly killedAt: number;
  readonly leaderAtKill: DbSite | null;
  readonly etcdLeaderAtKill: Site | null;
  /** Kill → first acknowledged write sent after the kill, through the surviving site. */
  readonly rtoMs: number | null;
  readonly outbox: OutboxCheck;
  readonly gap: Window;
  readonly degraded: DegradedReport;
}

export interface RunResult {
  readonly first: KillResult;
  readonly second: KillResult;
  readonly afterFirst: WriteCheck;
  readonly final: WriteCheck;
  /** The checker run on one write that never happened: it must report it lost. */
  readonly canary: WriteCheck | null;
  readonly back: { readonly rejoinMs: number; readonly rewound: boolean };
  readonly switchoverMs: number;
  readonly switchWindow: Window;
  readonly total: Window;
  readonly upTimings: Record<string, number>;
  readonly startedAt: number;
}

export function summarize(r: RunResult): { figures: Record<string, unknown>; failures: string[] } {
  const lost = [...new Set([...r.afterFirst.lost, ...r.final.lost])];
  const outboxLost = r.first.outbox.lost + r.second.outbox.lost;
  const outboxDuplicated = r.first.outbox.duplicated + r.second.outbox.duplicated;
  const figures = {
    lost_acknowledged_writes: lost.length,
    rto_seconds: seconds(r.first.rtoMs),
    // Requests begun in the gap that failed after all retries: what a client would see.
    errors_during_gap: r.first.gap.gaveUp,
    retried_then_succeeded_in_gap: r.first.gap.retriedThenAcked,
    failed_attempts_in_gap: r.first.gap.failedAttempts,
    acknowledged_writes: r.final.acknowledged,
    client_visible_errors_total: r.total.gaveUp,
    misrecorded_writes: r.final.wrong.length,
    outbox_before_kill: r.first.outbox.before,
    outbox_lost: outboxLost,
    outbox_duplicated: outboxDuplicated,
    rejoin_seconds: seconds(r.back.rejoinMs),
    rejoined_with_pg_rewind: r.back.rewound,
    switchover_seconds: seconds(r.switchoverMs),
    failed_attempts_in_switchover: r.switchWindow.failedAttempts,
    errors_during_switchover: r.switchWindow.gaveUp,
    second_kill_write_stall_seconds: seconds(r.second.rtoMs),
    errors_during_second_kill: r.second.gap.gaveUp,
    degraded_writes_503: r.first.degraded.writes503,
    degraded_writes_other: r.first.degraded.writesOther,
    degraded_slowest_write_ms: r.first.degraded.slowestWriteMs,
    degraded_reads_served: r.first.degraded.readsServed,
    etcd_leader_at_kills: [r.first.etcdLeaderAtKill, r.second.etcdLeaderAtKill],
    patroni: PATRONI_TIMINGS,
    gap_failures_by_answer: r.first.gap.failedBy,
    lost_detail: lost.slice(0, 20),
    wrong_detail: r.final.wrong.slice(0, 20),
    setup_ms: r.upTimings,
    total_seconds: seconds(Date.now() - r.startedAt),
  };
  const d = r.first.degraded;
  const failures = [
    lost.length > 0 && `${lost.length} acknowledged writes lost`,
    r.final.wrong.length > 0 && `${r.final.wrong.length} writes present more than once or with a wrong SMS count`,
    (r.first.rtoMs === null || r.first.rtoMs > RTO_TARGET_S * 1_000) && `RTO ${String(seconds(r.first.rtoMs))} s over ${RTO_TARGET_S} s`,
    outboxLost > 0 && `${outboxLost} outbox messages lost`,
    outboxDuplicated > 0 && `${outboxDuplicated} outbox messages duplicated or sent twice`,
    r.second.rtoMs === null && 'no write after losing dc-b',
    r.first.leaderAtKill !== 'dc-a' && 'dc-a was not leading at the first kill',
    r.second.leaderAtKill !== 'dc-a' && 'dc-a was not leading after the switchover',
    r.canary?.lost.length !== 1 && 'the checker did not notice a write that never happened',
    d.writesOther.length > 0 && `writes without a database answered ${d.writesOther.join(',')} instead of 503 + Retry-After`,
    d.slowestWriteMs > FAIL_FAST_MS && `a write without a database took ${d.slowestWriteMs} ms to fail`,
    !d.readsServed && 'reads that need no database failed while it was down',
  ].filter((f): f is string => typeof f === 'string');
  return { figures, failures };
}
