import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

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
export async function seedTodayAppointments(db: Kysely<Database>, s: TodaySeed): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const centre = await trx
      .selectFrom('centres')
      .select(['id', 'province_code'])
      .where('code', '=', s.centreCode)
      .executeTakeFirst();
    const campaign = await trx
      .selectFrom('campaigns')
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
    const { rows } = await sql<{ enrollment_id: number; citizen_id: number }>`
      INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by, operator_id, mobile_phone)
      SELECT ${campaign.id}, c.id, h.id, 'gp', 'operator', c.gp_id, c.mobile_phone
      FROM citizens c
      JOIN municipalities m ON m.istat_code = c.residence_istat
      JOIN campaign_cohorts h ON h.campaign_id = ${campaign.id} AND h.opens_at <= now()
        AND extract(year FROM c.birth_date) <= h.born_to_year
        AND (h.born_from_year IS NULL OR extract(year FROM c.birth_date) >= h.born_from_year)
      WHERE c.synthetic_seed IS NOT NULL AND c.gp_id IS NOT NULL AND c.mobile_phone IS NOT NULL
        AND c.birth_date <= ${s.today}::date - interval '80 years'
        AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = ${campaign.id} AND e.citizen_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM vaccinations v WHERE v.citizen_id = c.id)
      ORDER BY m.province_code = ${centre.province_code} DESC, c.id
      LIMIT ${s.count}
      ON CONFLICT (campaign_id, citizen_id) DO NOTHING
      RETURNING id AS enrollment_id, citizen_id`.execute(trx);
    if (rows.length === 0) return 0;
    // One slot of 10 minutes apart from 09:00, in the order of the list.
    for (const [k, r] of rows.entries()) {
      for (const [dose, day] of [
        [1, s.today],
        [2, s.secondDoseDay],
      ] as const) {
        await sql`
          INSERT INTO appointments (enrollment_id, citizen_id, centre_id, product, dose_number, day, starts_at)
          VALUES (${r.enrollment_id}, ${r.citizen_id}, ${centre.id}, ${s.product}, ${dose}, ${day}::date,
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
