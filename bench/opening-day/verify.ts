import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { PersonRow } from './protocol.ts';
import { CAMPAIGN } from './setup.ts';

export interface Correctness {
  /** People told "enrolled" (201, or 409 already enrolled after a retry) who are not in the database. */
  readonly lost: number;
  /** (campaign, citizen) pairs with more than one enrollment, and drafts confirmed twice. */
  readonly duplicated: number;
  readonly enrollmentsInDatabase: number;
  /** Enrolled in the database although the person never saw the answer (a timeout): not an error. */
  readonly enrolledUnacknowledged: number;
}

export async function checkEnrollments(db: Kysely<Database>, rows: readonly PersonRow[]): Promise<Correctness> {
  const { rows: enrolled } = await sql<{ citizen_id: number }>`
    SELECT e.citizen_id FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id WHERE c.code = ${CAMPAIGN}`.execute(
    db,
  );
  const {
    rows: [dups],
  } = await sql<{ pairs: number; drafts: number }>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM enrollments GROUP BY campaign_id, citizen_id
    HAVING count(*) > 1) x) AS pairs,
           (SELECT count(*)::int FROM (SELECT 1 FROM enrollment_drafts WHERE status = 'confirmed'
           GROUP BY campaign_id, citizen_id HAVING count(*) > 1) y) AS drafts`.execute(db);
  const inDb = new Map<number, number>();
  for (const r of enrolled) inDb.set(r.citizen_id, (inDb.get(r.citizen_id) ?? 0) + 1);
  const told = new Set(rows.filter((r) => r[15] === 'enrolled' || r[15] === 'already').map((r) => r[0]));
  let lost = 0;
  for (const id of told) if (inDb.get(id) !== 1) lost += 1;
  let unacknowledged = 0;
  for (const id of inDb.keys()) if (!told.has(id)) unacknowledged += 1;
  return {
    lost,
    duplicated: (dups?.pairs ?? 0) + (dups?.drafts ?? 0),
    enrollmentsInDatabase: enrolled.length,
    enrolledUnacknowledged: unacknowledged,
  };
}

/** The SMS path as the outbox saw it: messages by lane and status, and otp time from queue to SMSC acceptance. */
export async function smsFigures(db: Kysely<Database>) {
  const { rows: byStatus } = await sql<{ lane: string; status: string; n: number }>`
    SELECT lane, status, count(*)::int AS n FROM notify_messages GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const {
    rows: [otp],
  } = await sql<{ n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }>`
    SELECT count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
    FROM (SELECT extract(epoch FROM submitted_at - queued_at) * 1000 AS ms FROM notify_messages
    WHERE lane = 'otp' AND submitted_at IS NOT NULL) t`.execute(db);
  // Where that time goes (ADR 0022): queued → a dispatcher claims it from the table → the
  // SMSC accepts it. claimed_at is that of the last attempt, hence first attempts only.
  const { rows: stages } = await sql<{ stage: string; p50: number | null; p99: number | null; max: number | null }>`
    SELECT stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
    FROM notify_messages m
    CROSS JOIN LATERAL (VALUES
      ('queuedToClaim', extract(epoch FROM m.claimed_at - m.queued_at) * 1000),
      ('claimToSubmit', extract(epoch FROM m.submitted_at - m.claimed_at) * 1000)) AS s(stage, ms)
    WHERE m.lane = 'otp' AND m.submitted_at IS NOT NULL AND m.attempts = 1
    GROUP BY stage`.execute(db);
  const round = (v: number | null | undefined): number => Math.round(v ?? 0);
  return {
    messages: Object.fromEntries(byStatus.map((r) => [`${r.lane}/${r.status}`, r.n])),
    otpTimeToSubmitMs: {
      count: otp?.n ?? 0,
      p50: round(otp?.p50),
      p95: round(otp?.p95),
      p99: round(otp?.p99),
      max: round(otp?.max),
    },
    otpStagesMs: Object.fromEntries(
      stages.map((r) => [r.stage, { p50: round(r.p50), p99: round(r.p99), max: round(r.max) }]),
    ),
  };
}
