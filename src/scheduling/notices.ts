import type { Kysely } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import type { Outbox } from '../shared/outbox.ts';
import { smsName } from '../shared/sms-name.ts';
import { schedulingSms } from './messages.ts';
import {
  advanceNoticeCursor,
  bookedIdsOn,
  lockNoticeCursor,
  markNotified,
  noticeRows,
  unannouncedAppointments,
  type NoticeRow,
} from './notices-repository.ts';

// 500 appointments per transaction: ~50 ms of work, so a crash loses little progress.
const BATCH = 500;

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
    const lastId = await lockNoticeCursor(trx);
    const rows = await unannouncedAppointments(trx, lastId, BATCH);
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
      await advanceNoticeCursor(trx, last.id);
      await markNotified(
        trx,
        rows.map((r) => r.id),
      );
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
  const ids = await bookedIdsOn(db, tomorrow);
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
      await markNotified(trx, newIds);
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
