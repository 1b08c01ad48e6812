import { sql, type Kysely, type Selectable } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { WaitroomTables } from './db-types.ts';
import { conflict } from '../shared/errors.ts';
import type { WaitroomsTable } from './db-types.ts';
import { effectiveRate } from './estimate.ts';
import { nextRate } from './load.ts';
import type { Room } from './room.ts';

export interface RoomSettings {
  readonly active: boolean;
  readonly opensAt: Date;
  readonly admitPerMinute: number;
  readonly holdSeconds: number;
  readonly adaptive?: boolean;
  readonly targetP95Ms?: number;
  /** Admission paused: the counter stays where it is (default false). */
  readonly paused?: boolean;
}

export type AdvanceOutcome =
  { readonly kind: 'opened' | 'advanced' | 'unchanged'; readonly room: Room } | { readonly kind: 'missing' };

type Row = Selectable<WaitroomsTable>;

const toRoom = (r: Row): Room => ({
  id: r.id,
  campaign: r.campaign_code,
  active: r.active,
  paused: r.paused,
  opensAt: r.opens_at,
  admitPerMinute: r.admit_per_minute,
  adaptive: r.adaptive,
  targetP95Ms: r.target_p95_ms,
  currentRate: r.current_rate,
  rateChangedAt: r.rate_changed_at,
  holdSeconds: r.hold_seconds,
  issued: r.issued,
  preQueue: r.pre_queue,
  seed: r.shuffle_seed,
  openedAt: r.opened_at,
  positionsReady: r.positions_ready,
  admittedThrough: r.admitted_through,
  admittedLive: r.admitted_live,
  givenUp: r.given_up,
  credit: r.credit,
  advancedAt: r.advanced_at,
  waiting: r.waiting,
  countedAt: r.counted_at,
});

// Credit never exceeds two seconds of admissions: an empty room does not bank a burst.
const CREDIT_SECONDS = 2;
// A stalled instance (GC pause, failover) does not make up more than 5 s at once.
const MAX_STEP_MS = 5_000;
// Adaptive admission changes the rate at most every 5 s; load reports older than 10 s are ignored.
const ADAPT_EVERY_MS = 5_000;
const LOAD_FRESH_MS = 10_000;
// 20,000 rows x 2 arrays is one ~300 kB round trip when the draw is written.
const DRAW_CHUNK = 20_000;
// A count over the waiting rows costs ~20 ms of PostgreSQL per 50,000 people: at most one per 5,000 people a
// second (75,000 waiting: every 15 s) keeps the room's counting cost flat in its size.
const COUNTED_PER_SECOND = 5_000;

/**
 * PRESENT: a place is held while its holder polled within the hold, or is less than half the hold late for the
 * return they were told (ADR 0023): polls far back come at half the estimated wait, much longer than the hold.
 */

/** One recorded poll: when, and when the holder was told to come back (null: not told, e.g. joins before 0040). */
export interface SeenPoll {
  readonly room: number;
  readonly seq: number;
  readonly at: Date;
  readonly due: Date | null;
}

export function waitroomRepository<All extends WaitroomTables>(handle: Db<All>) {
  const db = ownTables<WaitroomTables, All>(handle);
  return {
    async rooms(): Promise<Room[]> {
      const { rows } = await sql<Row>`SELECT * FROM waitrooms ORDER BY id`.execute(db);
      return rows.map(toRoom);
    },

    /** Creates or reconfigures the room of a campaign. The opening time is fixed once drawn. */
    async configure(campaign: string, s: RoomSettings): Promise<Room> {
      return db.transaction().execute(async (trx) => {
        const {
          rows: [current],
        } = await sql<Row>`SELECT * FROM waitrooms WHERE campaign_code = ${campaign} FOR UPDATE`.execute(trx);
        if (current?.pre_queue != null && current.opens_at.getTime() !== s.opensAt.getTime()) {
          throw conflict(
            'waitroom.already_open',
            'This waiting room has already opened: its opening time can no longer change. ' +
              'Deactivate it, or keep the opening time.',
          );
        }
        const {
          rows: [row],
        } = await sql<Row>`
          INSERT INTO waitrooms (campaign_code, active, opens_at, admit_per_minute, hold_seconds, adaptive,
            target_p95_ms, paused)
          VALUES (${campaign}, ${s.active}, ${s.opensAt}, ${s.admitPerMinute}, ${s.holdSeconds},
            ${s.adaptive ?? false}, ${s.targetP95Ms ?? 400}, ${s.paused ?? false})
          ON CONFLICT (campaign_code) DO UPDATE SET active = EXCLUDED.active, opens_at = EXCLUDED.opens_at,
            paused = EXCLUDED.paused,
            admit_per_minute = EXCLUDED.admit_per_minute, hold_seconds = EXCLUDED.hold_seconds,
              adaptive = EXCLUDED.adaptive,
            target_p95_ms = EXCLUDED.target_p95_ms, current_rate = LEAST(waitrooms.current_rate,
              EXCLUDED.admit_per_minute), updated_at = now()
          RETURNING *`.execute(trx);
        if (row === undefined) throw new Error('waitroom upsert returned nothing');
        return toRoom(row);
      });
    },

    /**
     * Hands out `count` consecutive tickets and records them as present. The room row lock
     * orders joins against the opening draw: a ticket is in the pre-queue if and only if its
     * join committed before the draw. Null if the room is not active.
     */
    async join(roomId: number, count: number, now: Date): Promise<{ firstSeq: number; preQueue: boolean } | null> {
      const {
        rows: [row],
      } = await sql<{ issued: number; pre: boolean }>`
        WITH r AS (
          UPDATE waitrooms SET issued = issued + ${count} WHERE id = ${roomId} AND active RETURNING issued,
            pre_queue IS NULL AS pre
        ), e AS (
          INSERT INTO waitroom_entries (room_id, seq, position, joined_at, last_seen_at)
          SELECT ${roomId}, r.issued - ${count} + g, CASE WHEN r.pre THEN NULL ELSE r.issued - ${count} + g END,
            ${now}, ${now}
          FROM r, generate_series(1, ${count}::int) AS g
        )
        SELECT issued, pre FROM r`.execute(db);
      return row === undefined ? null : { firstSeq: row.issued - count + 1, preQueue: row.pre };
    },

    /**
     * Batched last-seen times and announced returns; an older time never overwrites a newer one (the same time
     * does: a join's answer records its return at the join's own time). Rows another
     * instance is writing at the same moment are skipped rather than waited for (that
     * instance is recording a poll of the same person, a second apart): two flushes can
     * then never deadlock on each other.
     */
    async markSeen(seen: readonly SeenPoll[]): Promise<void> {
      if (seen.length === 0) return;
      await sql`
        WITH d AS (
          SELECT * FROM unnest(${seen.map((s) => s.room)}::int[], ${seen.map((s) => s.seq)}::bigint[],
            ${seen.map((s) => s.at)}::timestamptz[], ${seen.map((s) => s.due)}::timestamptz[]) AS d(room_id, seq, at,
            due)
        ), mine AS (
          SELECT e.room_id, e.seq, d.at, d.due FROM waitroom_entries e
          JOIN d ON e.room_id = d.room_id AND e.seq = d.seq
          WHERE e.last_seen_at <= d.at FOR NO KEY UPDATE OF e SKIP LOCKED
        )
        UPDATE waitroom_entries e SET last_seen_at = mine.at, poll_due_at = mine.due FROM mine
        WHERE e.room_id = mine.room_id AND e.seq = mine.seq`.execute(db);
    },

    /**
     * One admission step, under the room row lock (so no join is half-written): the opening
     * draw when it is due, else move the counter over the next `rate x elapsed` people who
     * are still present, giving up the places of those away for longer than the hold.
     */
    async advance(roomId: number, now: Date, minStepMs: number, newSeed: () => Buffer): Promise<AdvanceOutcome> {
      return db.transaction().execute(async (trx): Promise<AdvanceOutcome> => {
        const {
          rows: [row],
        } = await sql<Row>`SELECT * FROM waitrooms WHERE id = ${roomId} FOR UPDATE`.execute(trx);
        if (row === undefined) return { kind: 'missing' };
        const room = toRoom(row);
        if (!room.active || now < room.opensAt) return { kind: 'unchanged', room };
        if (room.preQueue === null) {
          const {
            rows: [opened],
          } = await sql<Row>`
            UPDATE waitrooms SET pre_queue = issued, shuffle_seed = ${newSeed()}, opened_at = ${now},
              advanced_at = ${now},
              positions_ready = (issued = 0), updated_at = now()
            WHERE id = ${roomId} RETURNING *`.execute(trx);
          return opened === undefined ? { kind: 'missing' } : { kind: 'opened', room: toRoom(opened) };
        }
        const last = room.advancedAt ?? room.openedAt ?? now;
        if (room.paused || !room.positionsReady || now.getTime() - last.getTime() < minStepMs)
          return { kind: 'unchanged', room };

        const rate = room.adaptive
          ? await adapt(trx, room, now)
          : { perMinute: room.admitPerMinute, changedAt: room.rateChangedAt };
        const perSecond = rate.perMinute / 60;
        const elapsedS = Math.min(MAX_STEP_MS, Math.max(0, now.getTime() - last.getTime())) / 1000;
        let credit = Math.min(room.credit + perSecond * elapsedS, Math.max(1, perSecond * CREDIT_SECONDS));
        const want = Math.floor(credit);
        let through = room.admittedThrough;
        let admitted = 0;
        if (want >= 1 && through < room.issued) {
          const since = new Date(now.getTime() - room.holdSeconds * 1000);
          const sinceDue = new Date(now.getTime() - room.holdSeconds * 500);
          const {
            rows: [nth],
          } = await sql<{ position: number }>`
            SELECT position FROM waitroom_entries
            WHERE room_id = ${roomId} AND position > ${through}
              AND (last_seen_at >= ${since} OR poll_due_at >= ${sinceDue})
            ORDER BY position OFFSET ${want - 1} LIMIT 1`.execute(trx);
          if (nth !== undefined) {
            through = nth.position;
            admitted = want;
            credit -= want;
          } else {
            const {
              rows: [live],
            } = await sql<{ n: number }>`
              SELECT count(*)::int AS n FROM waitroom_entries
              WHERE room_id = ${roomId} AND position > ${through}
              AND (last_seen_at >= ${since} OR poll_due_at >= ${sinceDue})`.execute(trx);
            admitted = live?.n ?? 0;
            through = room.issued;
            credit -= Math.floor(credit); // fewer people than credit: the rest is not banked
          }
        }
        const givenUp = through - room.admittedThrough - admitted;
        if (through > room.admittedThrough) {
          await sql`INSERT INTO waitroom_advances (room_id, through_position, at, admitted, given_up)
                    VALUES (${roomId}, ${through}, ${now}, ${admitted}, ${givenUp})`.execute(trx);
        }
        const {
          rows: [updated],
        } = await sql<Row>`
          UPDATE waitrooms SET admitted_through = ${through}, credit = ${credit}, advanced_at = ${now},
            admitted_live = admitted_live + ${admitted}, given_up = given_up + ${givenUp},
            current_rate = ${room.adaptive ? rate.perMinute : null}, rate_changed_at = ${rate.changedAt},
              updated_at = now()
          WHERE id = ${roomId} RETURNING *`.execute(trx);
        return updated === undefined ? { kind: 'missing' } : { kind: 'advanced', room: toRoom(updated) };
      });
    },

    /** This instance's enrollment latency, for the adaptive rooms. */
    async reportLoad(
      roomIds: readonly number[],
      instance: string,
      at: Date,
      p95Ms: number,
      requests: number,
    ): Promise<void> {
      if (roomIds.length === 0) return;
      await sql`
        INSERT INTO waitroom_load (room_id, instance, at, p95_ms, requests)
        SELECT r, ${instance}::uuid, ${at}, ${p95Ms}, ${requests} FROM unnest(${[...roomIds]}::int[]) AS r
        ON CONFLICT (room_id, instance) DO UPDATE SET at = EXCLUDED.at, p95_ms = EXCLUDED.p95_ms,
          requests = EXCLUDED.requests`.execute(db);
    },

    /** Writes the drawn positions of the pre-queue (idempotent), then lets admission start. */
    async writeDraw(roomId: number, preQueue: number, permutation: Uint32Array): Promise<void> {
      for (let start = 0; start < preQueue; start += DRAW_CHUNK) {
        const end = Math.min(preQueue, start + DRAW_CHUNK);
        const seqs = Array.from({ length: end - start }, (_, i) => start + i + 1);
        const positions = Array.from(permutation.subarray(start, end));
        await sql`
          UPDATE waitroom_entries e SET position = d.position
          FROM unnest(${seqs}::bigint[], ${positions}::bigint[]) AS d(seq, position)
          WHERE e.room_id = ${roomId} AND e.seq = d.seq`.execute(db);
      }
      await sql`UPDATE waitrooms SET positions_ready = true, updated_at = now() WHERE id = ${roomId}
        AND pre_queue = ${preQueue}`.execute(db);
    },

    /** Counts the live people not yet admitted, if no instance did in the last `everyMs` (longer in a large room). */
    async countWaiting(roomId: number, now: Date, everyMs: number): Promise<void> {
      const {
        rows: [claim],
      } = await sql<{ through: number; hold: number }>`
        UPDATE waitrooms SET counted_at = ${now}
        WHERE id = ${roomId} AND (counted_at IS NULL OR counted_at <= ${now}::timestamptz
          - make_interval(secs => greatest(${everyMs / 1000}::float8, waiting::float8 / ${COUNTED_PER_SECOND})))
        RETURNING admitted_through AS through, hold_seconds AS hold`.execute(db);
      if (claim === undefined) return;
      const since = new Date(now.getTime() - claim.hold * 1000);
      const sinceDue = new Date(now.getTime() - claim.hold * 500);
      await sql`
        UPDATE waitrooms SET waiting = (
          SELECT count(*)::int FROM waitroom_entries
          WHERE room_id = ${roomId} AND (position IS NULL OR position > ${claim.through})
            AND (last_seen_at >= ${since} OR poll_due_at >= ${sinceDue}))
        WHERE id = ${roomId}`.execute(db);
    },

    /** True if the counter passed this place while its holder was away (see PRESENT above). */
    async wasGivenUp(roomId: number, seq: number, position: number): Promise<boolean> {
      const {
        rows: [row],
      } = await sql<{ given_up: boolean | null }>`
        SELECT NOT (e.last_seen_at >= a.at - make_interval(secs => w.hold_seconds)
          OR coalesce(e.poll_due_at >= a.at - make_interval(secs => w.hold_seconds / 2::float8), false)) AS given_up
        FROM waitroom_entries e
        JOIN waitrooms w ON w.id = e.room_id
        CROSS JOIN LATERAL (
          SELECT at FROM waitroom_advances WHERE room_id = ${roomId} AND through_position >= ${position}
          ORDER BY through_position LIMIT 1) a
        WHERE e.room_id = ${roomId} AND e.seq = ${seq}`.execute(db);
      return row?.given_up === true;
    },
  };
}

export type WaitroomRepository = ReturnType<typeof waitroomRepository>;

/** The adaptive rate for this step: adjusted from the instances' latency at most every 5 s. */
async function adapt(
  trx: Kysely<WaitroomTables>,
  room: Room,
  now: Date,
): Promise<{ perMinute: number; changedAt: Date | null }> {
  const current = effectiveRate(room);
  if (room.rateChangedAt !== null && now.getTime() - room.rateChangedAt.getTime() < ADAPT_EVERY_MS)
    return { perMinute: current, changedAt: room.rateChangedAt };
  const {
    rows: [load],
  } = await sql<{ p95: number | null }>`
    SELECT max(p95_ms) AS p95 FROM waitroom_load WHERE room_id = ${room.id}
      AND at >= ${new Date(now.getTime() - LOAD_FRESH_MS)}`.execute(trx);
  return {
    perMinute: nextRate(
      current,
      load?.p95 ?? 0,
      room.targetP95Ms,
      room.admitPerMinute,
      room.admittedThrough < room.issued,
    ),
    changedAt: now,
  };
}
