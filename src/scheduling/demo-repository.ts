import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';

/** SQL of demo mode's appointments of today (demo-today.ts). */

export async function demoCentre(trx: Kysely<SchedulingDb>, code: string) {
  return trx.selectFrom('centres').select(['id', 'province_code']).where('code', '=', code).executeTakeFirst();
}

export async function demoCampaign(trx: Kysely<SchedulingDb>, code: string) {
  return trx.selectFrom('campaigns_catalogue').select('id').where('code', '=', code).executeTakeFirst();
}

export async function hasAppointmentsOn(trx: Kysely<SchedulingDb>, centreId: number, day: string): Promise<boolean> {
  const existing = await trx
    .selectFrom('appointments')
    .select('id')
    .where('centre_id', '=', centreId)
    .where('day', '=', day)
    .limit(1)
    .executeTakeFirst();
  return existing !== undefined;
}

/** Serialises two starts on one database: the second sees the first's appointments and stops. */
export async function lockDemoToday(trx: Kysely<SchedulingDb>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('salus-demo-today'))`.execute(trx);
}

/** One demo appointment `minutesAfterNine` after 09:00 (Europe/Rome); the live-appointment key makes it idempotent. */
export async function insertDemoAppointment(
  trx: Kysely<SchedulingDb>,
  a: {
    enrollmentId: number;
    citizenId: number;
    centreId: number;
    product: string;
    dose: number;
    day: string;
    minutesAfterNine: number;
  },
): Promise<void> {
  await sql`
    INSERT INTO appointments (enrollment_id, citizen_id, centre_id, product, dose_number, day, starts_at)
    VALUES (${a.enrollmentId}, ${a.citizenId}, ${a.centreId}, ${a.product}, ${a.dose}, ${a.day}::date,
            (${a.day}::date + time '09:00' + make_interval(mins => ${a.minutesAfterNine})) AT TIME ZONE 'Europe/Rome')
    ON CONFLICT (enrollment_id, dose_number) WHERE status IN ('booked', 'checked_in', 'done') DO NOTHING`.execute(trx);
}

/** Grows a centre's capacity and its province's supply on a day by `count` doses, all booked (booked <= doses). */
export async function addBookedDoses(
  trx: Kysely<SchedulingDb>,
  c: { centreId: number; province: string; day: string; product: string; count: number },
): Promise<void> {
  await sql`
    INSERT INTO centre_capacity (centre_id, day, product, doses, booked)
    VALUES (${c.centreId}, ${c.day}::date, ${c.product}, ${c.count}, ${c.count})
    ON CONFLICT (centre_id, day, product) DO UPDATE
    SET doses = centre_capacity.doses + excluded.doses, booked = centre_capacity.booked + excluded.booked`.execute(trx);
  await sql`
    INSERT INTO vaccine_supply (province_code, day, product, doses, booked)
    VALUES (${c.province}, ${c.day}::date, ${c.product}, ${c.count}, ${c.count})
    ON CONFLICT (province_code, day, product) DO UPDATE
    SET doses = vaccine_supply.doses + excluded.doses, booked = vaccine_supply.booked + excluded.booked`.execute(trx);
}
