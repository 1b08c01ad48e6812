import type { Kysely } from 'kysely';
import type { AppointmentStatus, SchedulingDb } from './db-types.ts';
import { literal } from '../db/literal.ts';

// The live appointment key's statuses (appointments_live_idx), as literals so that a generic plan can use it.
const LIVE_STATUSES = (['booked', 'checked_in', 'done'] as const).map(literal);

/** SQL of the citizen's own appointments (appointments.ts): read, cancel, move. */

/** One appointment with its centre and product rules, locked for a change. */
export function lockedAppointment(trx: Kysely<SchedulingDb>, id: number) {
  return trx
    .selectFrom('appointments as a')
    .innerJoin('centres as c', 'c.id', 'a.centre_id')
    .innerJoin('vaccine_products as p', 'p.code', 'a.product')
    .select([
      'a.id',
      'a.enrollment_id',
      'a.citizen_id',
      'a.centre_id',
      'a.product',
      'a.dose_number',
      'a.day',
      'a.status',
      'a.moves',
      'c.code as centre_code',
      'p.interval_days',
      'p.window_max_days',
    ])
    .where('a.id', '=', id)
    .forUpdate('a')
    .executeTakeFirst();
}

/**
 * A citizen's live appointments (booked, checked in, done), by day. Found through the citizen's enrollments (their
 * key (campaign_id, citizen_id), probed once per campaign) and the live-appointment key (enrollment_id, dose_number):
 * appointments has no index of its own on citizen_id, whose upkeep was a quarter of the allocator's write (ADR 0031).
 */
export function citizenAppointments(db: Kysely<SchedulingDb>, citizenId: number) {
  return (
    db
      .selectFrom('appointments as a')
      .innerJoin('centres as c', 'c.id', 'a.centre_id')
      .select(['a.id', 'a.dose_number', 'a.product', 'a.day', 'a.starts_at', 'a.status', 'a.moves', 'c.code', 'c.name'])
      .where('a.enrollment_id', 'in', (eb) =>
        eb
          .selectFrom('campaigns_enrollments as e')
          .select('e.id')
          .where('e.citizen_id', '=', citizenId)
          .where('e.campaign_id', 'in', eb.selectFrom('campaigns_catalogue').select('id')),
      )
      // Same list as before: the enrollment's key guards the denormalised citizen_id.
      .where('a.citizen_id', '=', citizenId)
      .where('a.status', 'in', LIVE_STATUSES)
      .orderBy('a.day')
      .execute()
  );
}

/** The booked appointments of an enrollment (both doses when dose 1 is cancelled). */
export function bookedOfEnrollment(trx: Kysely<SchedulingDb>, enrollmentId: number) {
  return trx
    .selectFrom('appointments')
    .select(['id', 'centre_id', 'day', 'product'])
    .where('enrollment_id', '=', enrollmentId)
    .where('status', '=', literal('booked'))
    .execute();
}

export async function setAppointmentStatus(
  trx: Kysely<SchedulingDb>,
  id: number,
  status: AppointmentStatus,
): Promise<void> {
  await trx.updateTable('appointments').set({ status }).where('id', '=', id).execute();
}

export function centreIdByCode(trx: Kysely<SchedulingDb>, code: string) {
  return trx.selectFrom('centres').select(['id']).where('code', '=', code).executeTakeFirst();
}

/** The day of an enrollment's live first dose. */
export function firstDose(trx: Kysely<SchedulingDb>, enrollmentId: number) {
  return trx
    .selectFrom('appointments')
    .select(['day'])
    .where('enrollment_id', '=', enrollmentId)
    .where('dose_number', '=', 1)
    .where('status', 'in', LIVE_STATUSES)
    .executeTakeFirst();
}

/** An enrollment's booked second dose. */
export function bookedSecondDose(trx: Kysely<SchedulingDb>, enrollmentId: number) {
  return trx
    .selectFrom('appointments')
    .select(['id', 'centre_id', 'day'])
    .where('enrollment_id', '=', enrollmentId)
    .where('dose_number', '=', 2)
    .where('status', '=', literal('booked'))
    .executeTakeFirst();
}

/** The appointment replacing a moved one; returns its id. */
export async function insertMovedAppointment(
  trx: Kysely<SchedulingDb>,
  a: {
    enrollment_id: number;
    citizen_id: number;
    centre_id: number;
    product: string;
    dose_number: number;
    day: string;
    starts_at: Date;
    moves: number;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('appointments')
    .values({ ...a, notified_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
