import type { Kysely } from 'kysely';
import type { CallersHandle } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import {
  addBookedDoses,
  demoCampaign,
  demoCentre,
  hasAppointmentsOn,
  insertDemoAppointment,
  lockDemoToday,
} from './demo-repository.ts';

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
    const centre = await demoCentre(trx, s.centreCode);
    const campaign = await demoCampaign(trx, s.campaignCode);
    if (centre === undefined || campaign === undefined) return 0;
    await lockDemoToday(trx);
    if (await hasAppointmentsOn(trx, centre.id, s.today)) return 0;
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
        await insertDemoAppointment(trx, {
          enrollmentId: r.enrollmentId,
          citizenId: r.citizenId,
          centreId: centre.id,
          product: s.product,
          dose,
          day,
          minutesAfterNine: k * 10,
        });
      }
    }
    for (const day of [s.today, s.secondDoseDay]) {
      await addBookedDoses(trx, {
        centreId: centre.id,
        province: centre.province_code,
        day,
        product: s.product,
        count: rows.length,
      });
    }
    return rows.length;
  });
}
