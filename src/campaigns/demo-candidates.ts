import { sql, type Kysely } from 'kysely';
import { inTransactionOf, type CallersHandle } from '../db/tables.ts';
import type { DemoCandidate } from '../registry/index.ts';
import type { CampaignsDb } from './db-types.ts';

/**
 * SQL for the demo's "not yet enrolled" list: synthetic citizens in an open cohort of the
 * campaign, with a mobile number, and no enrollment in it. Ordered by id, so the list is the
 * same on every request until one of them enrolls; then the next one takes their place.
 */
export function demoCandidatesRepository(db: Kysely<CampaignsDb>) {
  return {
    async notEnrolled(campaignCode: string, now: Date, limit: number): Promise<DemoCandidate[]> {
      const { rows } = await sql<DemoCandidate>`
        SELECT c.given_name || ' ' || c.family_name AS name, c.fiscal_code AS "fiscalCode",
               c.health_card_number AS "healthCard", c.mobile_phone AS phone,
               c.birth_date::text AS "birthDate", m.name AS municipality
        FROM registry_citizens c
        JOIN registry_municipalities m ON m.istat_code = c.residence_istat
        JOIN campaigns k ON k.code = ${campaignCode} AND k.opens_at <= ${now}
          AND (k.closes_at IS NULL OR k.closes_at > ${now})
        WHERE c.synthetic_seed IS NOT NULL AND c.mobile_phone IS NOT NULL
          AND c.birth_date <= (${now}::timestamptz AT TIME ZONE 'Europe/Rome')::date - interval '80 years'
          AND EXISTS (SELECT 1 FROM campaign_cohorts h WHERE h.campaign_id = k.id AND h.opens_at <= ${now}
                        AND extract(year FROM c.birth_date) <= h.born_to_year
                        AND (h.born_from_year IS NULL OR extract(year FROM c.birth_date) >= h.born_from_year))
          AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = k.id AND e.citizen_id = c.id)
        ORDER BY c.id
        LIMIT ${limit}`.execute(db);
      return rows.map((r) => ({ ...r, fiscalCode: r.fiscalCode.trim(), healthCard: r.healthCard.trim() }));
    },

    /**
     * Demo mode: enrolls (through their GP) up to `count` synthetic citizens at least `minAge` years old on `today`,
     * with a mobile number, in an open cohort of the campaign, not enrolled and never vaccinated, those of `province`
     * first, in id order; in the caller's transaction (scheduling's demo appointments for today). The key
     * (campaign, citizen) makes a concurrent second run harmless.
     */
    async enrollForDemo<Tables>(
      trx: CallersHandle<Tables>,
      args: { campaignId: number; province: string; today: string; minAge: number; count: number },
    ): Promise<{ enrollmentId: number; citizenId: number }[]> {
      const { rows } = await sql<{ enrollment_id: number; citizen_id: number }>`
        INSERT INTO enrollments (campaign_id, citizen_id, cohort_id, channel, verified_by, operator_id, mobile_phone)
        SELECT ${args.campaignId}, c.id, h.id, 'gp', 'operator', c.gp_id, c.mobile_phone
        FROM registry_citizens c
        JOIN campaign_cohorts h ON h.campaign_id = ${args.campaignId} AND h.opens_at <= now()
          AND extract(year FROM c.birth_date) <= h.born_to_year
          AND (h.born_from_year IS NULL OR extract(year FROM c.birth_date) >= h.born_from_year)
        WHERE c.synthetic_seed IS NOT NULL AND c.gp_id IS NOT NULL AND c.mobile_phone IS NOT NULL
          AND c.birth_date <= ${args.today}::date - make_interval(years => ${args.minAge})
          AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = ${args.campaignId} AND e.citizen_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM scheduling_vaccinated v WHERE v.citizen_id = c.id)
        ORDER BY c.residence_province = ${args.province} DESC, c.id
        LIMIT ${args.count}
        ON CONFLICT (campaign_id, citizen_id) DO NOTHING
        RETURNING id AS enrollment_id, citizen_id`.execute(inTransactionOf<CampaignsDb, Tables>(trx));
      return rows.map((r) => ({ enrollmentId: r.enrollment_id, citizenId: r.citizen_id }));
    },
  };
}
