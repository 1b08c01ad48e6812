import type { Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { literal } from '../db/literal.ts';

type AppointmentStatus = 'checked_in' | 'done' | 'no_show' | 'cancelled';

/**
 * The SQL of a vaccination centre's day: its list, arrivals, doses, no-shows and walk-ins. Every function takes the
 * handle to run on, the service's transaction when the statements belong together.
 */
export const centreRepository = {
  centreOfFacility(db: Kysely<SchedulingDb>, facilityId: number) {
    return db
      .selectFrom('centres')
      .select(['id', 'code', 'name'])
      .where('facility_id', '=', facilityId)
      .executeTakeFirst();
  },

  /** The appointment, locked until the transaction ends. */
  appointmentForUpdate(trx: Kysely<SchedulingDb>, id: number) {
    return trx.selectFrom('appointments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** The day's list of a centre with the people's names (the registry's view), in order of time. */
  dayList(db: Kysely<SchedulingDb>, centreId: number, day: string) {
    return db
      .selectFrom('appointments as a')
      .innerJoin('registry_citizens as c', 'c.id', 'a.citizen_id')
      .select([
        'a.id',
        'a.citizen_id',
        'a.starts_at',
        'a.dose_number',
        'a.product',
        'a.status',
        'c.fiscal_code',
        'c.given_name',
        'c.family_name',
        'c.birth_date',
      ])
      .where('a.centre_id', '=', centreId)
      .where('a.day', '=', day)
      .where('a.status', 'in', (['booked', 'checked_in', 'done', 'no_show'] as const).map(literal))
      .orderBy('a.starts_at')
      .orderBy('a.id')
      .execute();
  },

  async setStatus(trx: Kysely<SchedulingDb>, id: number, status: AppointmentStatus): Promise<void> {
    await trx.updateTable('appointments').set({ status }).where('id', '=', id).execute();
  },

  /** The booked doses after the first of an enrollment (cancelled with a missed first dose). */
  laterBookedDoses(trx: Kysely<SchedulingDb>, enrollmentId: number) {
    return trx
      .selectFrom('appointments')
      .select(['id', 'centre_id', 'day', 'product'])
      .where('enrollment_id', '=', enrollmentId)
      .where('dose_number', '>', 1)
      .where('status', '=', literal('booked'))
      .execute();
  },

  vaccinationOfAppointment(trx: Kysely<SchedulingDb>, appointmentId: number) {
    return trx.selectFrom('vaccinations').select('id').where('appointment_id', '=', appointmentId).executeTakeFirst();
  },

  /** A dose given; undefined: this citizen's dose of this product is already recorded (walk-ins). */
  insertVaccination(
    trx: Kysely<SchedulingDb>,
    v: {
      citizenId: number;
      appointmentId: number | null;
      centreId: number;
      product: string;
      lot: string;
      doseNumber: number;
      administeredAt: Date;
      staffOperatorId: number;
      walkIn: boolean;
    },
  ) {
    const values = {
      citizen_id: v.citizenId,
      appointment_id: v.appointmentId,
      centre_id: v.centreId,
      product: v.product,
      lot: v.lot,
      dose_number: v.doseNumber,
      administered_at: v.administeredAt,
      staff_operator_id: v.staffOperatorId,
    };
    const insert = trx.insertInto('vaccinations');
    return (
      v.walkIn
        ? insert
            .values({ ...values, walk_in: true })
            .onConflict((oc) => oc.columns(['citizen_id', 'product', 'dose_number']).doNothing())
        : insert.values(values)
    )
      .returning('id')
      .executeTakeFirst();
  },

  citizenByFiscalCode(db: Kysely<SchedulingDb>, fiscalCode: string) {
    return db
      .selectFrom('registry_citizens')
      .select(['id', 'health_card_number'])
      .where('fiscal_code', '=', fiscalCode)
      .executeTakeFirst();
  },

  async productExists(db: Kysely<SchedulingDb>, code: string): Promise<boolean> {
    const row = await db.selectFrom('vaccine_products').select('code').where('code', '=', code).executeTakeFirst();
    return row !== undefined;
  },
};
