import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { literal } from '../db/literal.ts';

/** SQL of the appointment SMS (notices.ts): what each SMS says, and which appointments were announced. */

// Where a campaign's SMS go: the phone verified while enrolling (enrollments.contact_phone,
// migration 0022), else the registry's number (SPID/CIE and operator channels verify none).
const CONTACT = sql<string | null>`COALESCE(e.contact_phone, z.mobile_phone)`;

export interface NoticeRow {
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

/** The last appointment announced, locked until the transaction ends. */
export async function lockNoticeCursor(trx: Kysely<SchedulingDb>): Promise<number> {
  const cursor = await trx
    .selectFrom('appointment_notice_cursor')
    .select('last_id')
    .forUpdate()
    .executeTakeFirstOrThrow();
  return cursor.last_id;
}

/** Up to `limit` appointments after `lastId` not yet announced, with their booked second dose if any. */
export async function unannouncedAppointments(
  trx: Kysely<SchedulingDb>,
  lastId: number,
  limit: number,
): Promise<(NoticeRow & { second: Date | null })[]> {
  const { rows } = await sql<NoticeRow & { second: Date | null }>`
    SELECT a.id, a.enrollment_id, a.dose_number, a.starts_at, a.product, c.name AS centre, ${CONTACT} AS phone,
           z.given_name, z.family_name, e.lang,
           (SELECT b.starts_at FROM appointments b
             WHERE b.enrollment_id = a.enrollment_id AND b.dose_number = 2 AND b.status = 'booked' AND b.id > a.id
             LIMIT 1) AS second
    FROM appointments a
    JOIN centres c ON c.id = a.centre_id
    JOIN registry_citizens z ON z.id = a.citizen_id
    JOIN campaigns_enrollments e ON e.id = a.enrollment_id
    WHERE a.id > ${lastId} AND a.notified_at IS NULL ORDER BY a.id LIMIT ${limit}`.execute(trx);
  return rows;
}

export async function advanceNoticeCursor(trx: Kysely<SchedulingDb>, lastId: number): Promise<void> {
  await trx.updateTable('appointment_notice_cursor').set({ last_id: lastId }).execute();
}

export async function markNotified(trx: Kysely<SchedulingDb>, ids: readonly number[]): Promise<void> {
  await trx
    .updateTable('appointments')
    .set({ notified_at: new Date() })
    .where('id', 'in', [...ids])
    .execute();
}

/** The ids of the appointments still booked on `day`, in id order. */
export async function bookedIdsOn(db: Kysely<SchedulingDb>, day: string): Promise<number[]> {
  const rows = await db
    .selectFrom('appointments')
    .select('id')
    .where('day', '=', day)
    .where('status', '=', literal('booked'))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The appointments `ids` with what their SMS say, by dose; `booked`: only those still booked, locked. */
export async function noticeRows(
  trx: Kysely<SchedulingDb>,
  ids: readonly number[],
  booked: boolean,
): Promise<NoticeRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<NoticeRow>`
    SELECT a.id, a.enrollment_id, a.dose_number, a.starts_at, a.product, c.name AS centre, ${CONTACT} AS phone,
           z.given_name, z.family_name, e.lang
    FROM appointments a
    JOIN centres c ON c.id = a.centre_id
    JOIN registry_citizens z ON z.id = a.citizen_id
    JOIN campaigns_enrollments e ON e.id = a.enrollment_id
    WHERE a.id = ANY(${[...ids]}::bigint[]) ${booked ? sql`AND a.status = 'booked'` : sql``}
    ORDER BY a.dose_number, a.id ${booked ? sql`FOR SHARE OF a` : sql``}`.execute(trx);
  return rows;
}
