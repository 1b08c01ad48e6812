import { sql, type Kysely } from 'kysely';
import type { CallersHandle } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';

export interface TodaySeed {
  readonly campaignCode: string;
  readonly centreCode: string;
  /** Today and the second dose's day (YYYY-MM-DD, Europe/Rome). */
  readonly today: string;
  readonly secondDoseDay: string;
  readonly product: string;
  readonly count: number;
}

/**
 * Demo mode: a few of today's appointments at the demo centre, so the centre's arrival, dose and
 * no-show buttons (allowed on the day only) have something to act on from the first start. The
 * people are synthetic over-80s, enrolled by their GP, those of the centre's province first, in id order.
 *
 * Runs at every start and does nothing when the centre already has appointments today, so a demo
 * database reused on a later day gets that day's appointments too. The enrollment key (campaign,
 * citizen) and the live-appointment key (enrollment, dose) make a concurrent second run harmless.
 * Dose 1 today and dose 2 `secondDoseDay`, as the allocator books them; each booked dose counts in
 * the centre's capacity and the province's supply, whose rows grow by the same dose so that
 * booked <= doses holds (today has no capacity row: the demo plans capacity from tomorrow).
 */
/** Campaigns' demo enrollment (its public face): enrollments are campaigns' rows. */
export type EnrollForDemo = <Tables>(
  trx: CallersHandle<Tables>,
  args: { campaignId: number; province: string; today: string; minAge: number; count: number },
) => Promise<{ enrollmentId: number; citizenId: number }[]>;

export async function seedTodayAppointments(
  db: Kysely<SchedulingDb>,
  enrollForDemo: EnrollForDemo,
  s: TodaySeed,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const centre = await trx
      .selectFrom('centres')
      .select(['id', 'province_code'])
      .where('code', '=', s.centreCode)
      .executeTakeFirst();
    const campaign = await trx
      .selectFrom('campaigns_catalogue')
      .select('id')
      .where('code', '=', s.campaignCode)
      .executeTakeFirst();
    if (centre === undefined || campaign === undefined) return 0;
    // Serialises two starts on one database: the second sees the first's appointments and stops.
    await sql`SELECT pg_advisory_xact_lock(hashtext('salus-demo-today'))`.execute(trx);
    const existing = await trx
      .selectFrom('appointments')
      .select('id')
      .where('centre_id', '=', centre.id)
      .where('day', '=', s.today)
      .limit(1)
      .executeTakeFirst();
    if (existing !== undefined) return 0;
    const rows = await enrollForDemo(trx, {
      campaignId: campaign.id,
      province: centre.province_code,
      today: s.today,
      minAge: 80,
      count: s.count,
    });
    if (rows.length === 0) return 0;
    // One slot of 10 minutes apart from 09:00, in the order of the list.
    for (const [k, r] of rows.entries()) {
      for (const [dose, day] of [
        [1, s.today],
        [2, s.secondDoseDay],
      ] as const) {
        await sql`
          INSERT INTO appointments (enrollment_id, citizen_id, centre_id, product, dose_number, day, starts_at)
          VALUES (${r.enrollmentId}, ${r.citizenId}, ${centre.id}, ${s.product}, ${dose}, ${day}::date,
                  (${day}::date + time '09:00' + make_interval(mins => ${k * 10})) AT TIME ZONE 'Europe/Rome')
          ON CONFLICT (enrollment_id, dose_number) WHERE status IN ('booked', 'checked_in', 'done') DO NOTHING`.execute(
          trx,
        );
      }
    }
    for (const day of [s.today, s.secondDoseDay]) {
      await sql`
        INSERT INTO centre_capacity (centre_id, day, product, doses, booked) VALUES (${centre.id}, ${day}::date, ${s.product}, ${rows.length}, ${rows.length})
        ON CONFLICT (centre_id, day, product) DO UPDATE SET doses = centre_capacity.doses + excluded.doses, booked = centre_capacity.booked + excluded.booked`.execute(
        trx,
      );
      await sql`
        INSERT INTO vaccine_supply (province_code, day, product, doses, booked) VALUES (${centre.province_code}, ${day}::date, ${s.product}, ${rows.length}, ${rows.length})
        ON CONFLICT (province_code, day, product) DO UPDATE SET doses = vaccine_supply.doses + excluded.doses, booked = vaccine_supply.booked + excluded.booked`.execute(
        trx,
      );
    }
    return rows.length;
  });
}
