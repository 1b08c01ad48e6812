import { PATRONI_TIMINGS } from '../../deploy/ha/configs.ts';
import type { DbSite, Site } from '../../deploy/ha/topology.ts';
import type { OutboxCheck, WriteCheck } from './checks.ts';
import type { DegradedReport } from './degraded.ts';
import type { FseCheck, JobsCheck, JobsSnapshot, ProcessingCheck } from './fse-checks.ts';
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
  /** Kill → first acknowledged FSE publish sent after the kill, through the surviving site. */
  readonly fseRtoMs: number | null;
  readonly fseGap: Window;
  /** Documents accepted and not yet processed, and graphile-worker jobs, just before the kill. */
  readonly fsePending: readonly string[];
  readonly jobs: JobsSnapshot;
}

export interface FseResult {
  readonly afterFirst: FseCheck;
  readonly final: FseCheck;
  readonly processing: ProcessingCheck & { readonly drainMs: number };
  /** The jobs queued before each kill, checked at the end. */
  readonly jobs: readonly JobsCheck[];
  readonly total: Window;
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
  readonly fse: FseResult;
}

export function summarize(r: RunResult): { figures: Record<string, unknown>; failures: string[] } {
  const lost = [...new Set([...r.afterFirst.lost, ...r.final.lost])];
  const outboxLost = r.first.outbox.lost + r.second.outbox.lost;
  const outboxDuplicated = r.first.outbox.duplicated + r.second.outbox.duplicated;
  const fseLost = [...new Set([...r.fse.afterFirst.lost, ...r.fse.final.lost])];
  const jobsBefore = r.fse.jobs.reduce((n, j) => n + j.before, 0);
  const jobsLost = r.fse.jobs.flatMap((j) => j.lost);
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
    degraded_pages_served: `${r.first.degraded.pagesServed}/${r.first.degraded.pagesAsked}`,
    degraded_waitroom_polls_served: `${r.first.degraded.waitroomServed}/${r.first.degraded.waitroomAsked}`,
    degraded_waitroom_states: r.first.degraded.waitroomStates,
    degraded_slowest_read_ms: r.first.degraded.slowestReadMs,
    degraded_reads_other: r.first.degraded.readsOther,
    fse_published: r.fse.final.acknowledged,
    fse_lost_acknowledged: fseLost.length,
    fse_duplicates: r.fse.final.duplicates.length,
    fse_rto_seconds: seconds(r.first.fseRtoMs),
    fse_errors_during_gap: r.first.fseGap.gaveUp,
    fse_retried_then_succeeded_in_gap: r.first.fseGap.retriedThenAcked,
    fse_failed_attempts_in_gap: r.first.fseGap.failedAttempts,
    fse_client_visible_errors_total: r.fse.total.gaveUp,
    fse_pending_before_kills: r.first.fsePending.length + r.second.fsePending.length,
    fse_unprocessed: r.fse.processing.pending,
    fse_flagged: r.fse.processing.flagged,
    fse_wrong_notices: r.fse.processing.wrongNotices,
    fse_processing_drain_seconds: seconds(r.fse.processing.drainMs),
    jobs_before_kills: jobsBefore,
    jobs_done_after: r.fse.jobs.reduce((n, j) => n + j.done, 0),
    jobs_superseded: r.fse.jobs.reduce((n, j) => n + j.superseded, 0),
    jobs_lost: jobsLost.length,
    jobs_lost_detail: jobsLost.slice(0, 10),
    etcd_leader_at_kills: [r.first.etcdLeaderAtKill, r.second.etcdLeaderAtKill],
    patroni: PATRONI_TIMINGS,
    gap_failures_by_answer: r.first.gap.failedBy,
    lost_detail: lost.slice(0, 20),
    fse_lost_detail: fseLost.slice(0, 20),
    fse_duplicate_detail: r.fse.final.duplicates.slice(0, 20),
    wrong_detail: r.final.wrong.slice(0, 20),
    setup_ms: r.upTimings,
    total_seconds: seconds(Date.now() - r.startedAt),
  };
  const d = r.first.degraded;
  const failures = [
    lost.length > 0 && `${lost.length} acknowledged writes lost`,
    r.final.wrong.length > 0 && `${r.final.wrong.length} writes present more than once or with a wrong SMS count`,
    (r.first.rtoMs === null || r.first.rtoMs > RTO_TARGET_S * 1_000) &&
      `RTO ${String(seconds(r.first.rtoMs))} s over ${RTO_TARGET_S} s`,
    outboxLost > 0 && `${outboxLost} outbox messages lost`,
    outboxDuplicated > 0 && `${outboxDuplicated} outbox messages duplicated or sent twice`,
    r.second.rtoMs === null && 'no write after losing dc-b',
    r.first.leaderAtKill !== 'dc-a' && 'dc-a was not leading at the first kill',
    r.second.leaderAtKill !== 'dc-a' && 'dc-a was not leading after the switchover',
    r.canary?.lost.length !== 1 && 'the checker did not notice a write that never happened',
    d.writesOther.length > 0 &&
      `writes without a database answered ${d.writesOther.join(',')} instead of 503 + Retry-After`,
    d.slowestWriteMs > FAIL_FAST_MS && `a write without a database took ${d.slowestWriteMs} ms to fail`,
    !d.readsServed && `reads that need no database failed or were slow while it was down: ${d.readsOther.join(', ')}`,
    d.waitroomAsked === 0 && 'the waiting room was not polled during the gap',
    r.fse.final.acknowledged === 0 && 'no FSE document was published',
    fseLost.length > 0 && `${fseLost.length} acknowledged FSE documents lost`,
    r.fse.final.duplicates.length > 0 &&
      `${r.fse.final.duplicates.length} FSE documents stored more than once or incompletely`,
    r.fse.total.gaveUp > 0 && `${r.fse.total.gaveUp} FSE publishes failed after all retries`,
    r.fse.processing.pending > 0 &&
      `${r.fse.processing.pending} FSE documents not processed (${r.fse.processing.flagged} flagged)`,
    r.fse.processing.wrongNotices > 0 &&
      `${r.fse.processing.wrongNotices} FSE submissions without exactly one SMS notice`,
    jobsLost.length > 0 &&
      `${jobsLost.length} jobs queued before a kill failed for good or stayed locked: ${jobsLost.join('; ')}`,
  ].filter((f): f is string => typeof f === 'string');
  return { figures, failures };
}
