import { sql, type Kysely } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import type { Outbox } from '../shared/outbox.ts';
import { smsName } from '../shared/sms-name.ts';
import { schedulingSms } from './messages.ts';

// 500 appointments per transaction: ~50 ms of work, so a crash loses little progress.
const BATCH = 500;

// Where a campaign's SMS go: the phone verified while enrolling (enrollments.contact_phone,
// migration 0022), else the registry's number (SPID/CIE and operator channels verify none).
const CONTACT = sql<string | null>`COALESCE(e.contact_phone, z.mobile_phone)`;

interface NoticeRow {
  id: number;
  enrollment_id: number;
  dose_number: number;
  starts_at: Date;
  product: string;
  centre: string;
  phone: string | null;
  given_name: string;
  family_name: string;
  lang: 'it' | 'en' | null;
}

/**
 * Sends the SMS for new appointments, after the allocator committed them. The cursor,
 * the SMS (outbox) and `notified_at` move in one transaction, so each appointment is
 * announced exactly once however often the task runs or crashes. A moved appointment was
 * announced by the move itself (changeNotices), so it is skipped here. Returns how many were sent.
 */
export async function sendAppointmentNotices<All extends SchedulingDb>(
  handle: Db<All>,
  outbox: Outbox,
): Promise<number> {
  const db = ownTables<SchedulingDb, All>(handle);
  return db.transaction().execute(async (trx) => {
    const cursor = await trx
      .selectFrom('appointment_notice_cursor')
      .select('last_id')
      .forUpdate()
      .executeTakeFirstOrThrow();
    const { rows } = await sql<NoticeRow & { second: Date | null }>`
      SELECT a.id, a.enrollment_id, a.dose_number, a.starts_at, a.product, c.name AS centre, ${CONTACT} AS phone, z.given_name, z.family_name, e.lang,
             (SELECT b.starts_at FROM appointments b WHERE b.enrollment_id = a.enrollment_id AND b.dose_number = 2 AND b.status = 'booked' AND b.id > a.id LIMIT 1) AS second
      FROM appointments a JOIN centres c ON c.id = a.centre_id JOIN registry_citizens z ON z.id = a.citizen_id JOIN campaigns_enrollments e ON e.id = a.enrollment_id
      WHERE a.id > ${cursor.last_id} AND a.notified_at IS NULL ORDER BY a.id LIMIT ${BATCH}`.execute(trx);
    let sent = 0;
    for (const r of rows) {
      const announcedWithFirst =
        r.dose_number === 2 &&
        rows.some((o) => o.enrollment_id === r.enrollment_id && o.dose_number === 1 && o.id < r.id);
      if (r.phone === null || announcedWithFirst) continue;
      await outbox.enqueue(trx, {
        lane: 'appointment',
        to: r.phone,
        text: schedulingSms.booked({ ...view(r), second: r.dose_number === 1 ? r.second : null }),
        idempotencyKey: `appointment:${r.id}:booked`,
      });
      sent++;
    }
    const last = rows.at(-1);
    if (last !== undefined) {
      await trx.updateTable('appointment_notice_cursor').set({ last_id: last.id }).execute();
      await trx
        .updateTable('appointments')
        .set({ notified_at: new Date() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows.length === 0 ? -1 : sent;
  });
}

/**
 * Reminders for tomorrow's appointments, to the campaign contact. Each batch re-reads its
 * rows locked and still booked, so an appointment moved or cancelled meanwhile gets none
 * (its replacement, a new row, gets its own). The key makes a second run the same day send nothing.
 */
export async function sendReminders<All extends SchedulingDb>(
  handle: Db<All>,
  outbox: Outbox,
  tomorrow: string,
): Promise<number> {
  const db = ownTables<SchedulingDb, All>(handle);
  const ids = (
    await db
      .selectFrom('appointments')
      .select('id')
      .where('day', '=', tomorrow)
      .where('status', '=', 'booked')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  let sent = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (const r of await noticeRows(trx, ids.slice(i, i + BATCH), true)) {
        if (r.phone === null) continue;
        const text = schedulingSms.reminder(
          smsName(r.given_name, r.family_name),
          r.starts_at,
          r.centre,
          r.lang ?? 'it',
        );
        await outbox.enqueue(trx, {
          lane: 'reminder',
          to: r.phone,
          text,
          idempotencyKey: `appointment:${r.id}:reminder`,
        });
        sent++;
      }
    });
  }
  return sent;
}

/**
 * The SMS for a change the citizen made, queued in the change's own transaction. A move
 * inserts new rows, so the first new id identifies that change (key `appointment:<id>:moved`);
 * a cancellation happens once per row (`appointment:<id>:cancelled`).
 */
export function changeNotices(outbox: Outbox) {
  return {
    /** `newIds`: the replacing appointments, dose 1 first when both doses moved together. */
    async moved(trx: Kysely<SchedulingDb>, newIds: readonly number[]): Promise<void> {
      const rows = await noticeRows(trx, newIds, false);
      await trx
        .updateTable('appointments')
        .set({ notified_at: new Date() })
        .where('id', 'in', [...newIds])
        .execute();
      const [first, second] = rows;
      if (first?.phone == null) return;
      await outbox.enqueue(trx, {
        lane: 'appointment',
        to: first.phone,
        text: schedulingSms.moved({
          ...view(first),
          second: first.dose_number === 1 && second !== undefined ? second.starts_at : null,
        }),
        idempotencyKey: `appointment:${first.id}:moved`,
      });
    },

    /** `ids`: the cancelled appointments, dose 1 first when its dose 2 went with it. */
    async cancelled(trx: Kysely<SchedulingDb>, ids: readonly number[]): Promise<void> {
      const [first, ...rest] = await noticeRows(trx, ids, false);
      if (first?.phone == null) return;
      await outbox.enqueue(trx, {
        lane: 'appointment',
        to: first.phone,
        text: schedulingSms.cancelled({ ...view(first), withSecond: rest.length > 0 }),
        idempotencyKey: `appointment:${first.id}:cancelled`,
      });
    },
  };
}

export type ChangeNotices = ReturnType<typeof changeNotices>;

const view = (r: NoticeRow) => ({
  who: smsName(r.given_name, r.family_name),
  product: r.product,
  doseNumber: r.dose_number,
  startsAt: r.starts_at,
  centre: r.centre,
  lang: r.lang ?? 'it',
});

/** The appointments `ids` with what their SMS say, by dose; `booked`: only those still booked, locked. */
async function noticeRows(trx: Kysely<SchedulingDb>, ids: readonly number[], booked: boolean): Promise<NoticeRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<NoticeRow>`
    SELECT a.id, a.enrollment_id, a.dose_number, a.starts_at, a.product, c.name AS centre, ${CONTACT} AS phone, z.given_name, z.family_name, e.lang
    FROM appointments a JOIN centres c ON c.id = a.centre_id JOIN registry_citizens z ON z.id = a.citizen_id JOIN campaigns_enrollments e ON e.id = a.enrollment_id
    WHERE a.id = ANY(${[...ids]}::bigint[]) ${booked ? sql`AND a.status = 'booked'` : sql``}
    ORDER BY a.dose_number, a.id ${booked ? sql`FOR SHARE OF a` : sql``}`.execute(trx);
  return rows;
}
