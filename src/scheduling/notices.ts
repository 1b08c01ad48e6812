import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Outbox } from '../shared/outbox.ts';

// 500 appointments per transaction: ~50 ms of work, so a crash loses little progress.
const BATCH = 500;

const rome = (d: Date): string =>
  d.toLocaleString('it-IT', { timeZone: 'Europe/Rome', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

/**
 * Sends the SMS for new appointments, after the allocator committed them. The cursor,
 * the SMS (outbox) and `notified_at` move in one transaction, so each appointment is
 * announced exactly once however often the task runs or crashes. Returns how many were sent.
 */
export async function sendAppointmentNotices(db: Kysely<Database>, outbox: Outbox): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const cursor = await trx.selectFrom('appointment_notice_cursor').select('last_id').forUpdate().executeTakeFirstOrThrow();
    const { rows } = await sql<{ id: number; enrollment_id: number; dose_number: number; starts_at: Date; product: string; centre: string; phone: string | null; second: Date | null }>`
      SELECT a.id, a.enrollment_id, a.dose_number, a.starts_at, a.product, c.name AS centre, z.mobile_phone AS phone,
             (SELECT b.starts_at FROM appointments b WHERE b.enrollment_id = a.enrollment_id AND b.dose_number = 2 AND b.status = 'booked' AND b.id > a.id LIMIT 1) AS second
      FROM appointments a JOIN centres c ON c.id = a.centre_id JOIN citizens z ON z.id = a.citizen_id
      WHERE a.id > ${cursor.last_id} ORDER BY a.id LIMIT ${BATCH}`.execute(trx);
    let sent = 0;
    for (const r of rows) {
      const announcedWithFirst = r.dose_number === 2 && rows.some((o) => o.enrollment_id === r.enrollment_id && o.dose_number === 1 && o.id < r.id);
      if (r.phone === null || announcedWithFirst) continue;
      const second = r.dose_number === 1 && r.second !== null ? ` Seconda dose: ${rome(r.second)}, stesso centro.` : '';
      await outbox.enqueue(trx, {
        lane: 'appointment',
        to: r.phone,
        text: `Salus: appuntamento vaccino ${r.product} (dose ${r.dose_number}) ${rome(r.starts_at)} presso ${r.centre}.${second} Per spostarlo o annullarlo: Il mio fascicolo > Appuntamenti.`,
        idempotencyKey: `appointment:${r.id}:booked`,
      });
      sent++;
    }
    const last = rows.at(-1);
    if (last !== undefined) {
      await trx.updateTable('appointment_notice_cursor').set({ last_id: last.id }).execute();
      await trx.updateTable('appointments').set({ notified_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows.length === 0 ? -1 : sent;
  });
}

/** Reminders for tomorrow's appointments; the key makes a second run the same day send nothing. */
export async function sendReminders(db: Kysely<Database>, outbox: Outbox, tomorrow: string): Promise<number> {
  const { rows } = await sql<{ id: number; starts_at: Date; centre: string; phone: string | null }>`
    SELECT a.id, a.starts_at, c.name AS centre, z.mobile_phone AS phone FROM appointments a
    JOIN centres c ON c.id = a.centre_id JOIN citizens z ON z.id = a.citizen_id
    WHERE a.day = ${tomorrow}::date AND a.status = 'booked'`.execute(db);
  let sent = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (const r of rows.slice(i, i + BATCH)) {
        if (r.phone === null) continue;
        await outbox.enqueue(trx, { lane: 'reminder', to: r.phone, text: `Salus: promemoria, domani ${rome(r.starts_at)} vaccinazione presso ${r.centre}. Porta la tessera sanitaria.`, idempotencyKey: `appointment:${r.id}:reminder` });
        sent++;
      }
    });
  }
  return sent;
}
