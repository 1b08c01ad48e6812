import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DemoCandidate } from '../registry/index.ts';

/**
 * SQL for the demo's "not yet enrolled" list: synthetic citizens in an open cohort of the
 * campaign, with a mobile number, and no enrollment in it. Ordered by id, so the list is the
 * same on every request until one of them enrolls; then the next one takes their place.
 */
export function demoCandidatesRepository(db: Kysely<Database>) {
  return {
    async notEnrolled(campaignCode: string, now: Date, limit: number): Promise<DemoCandidate[]> {
      const { rows } = await sql<DemoCandidate>`
        SELECT c.given_name || ' ' || c.family_name AS name, c.fiscal_code AS "fiscalCode",
               c.health_card_number AS "healthCard", c.mobile_phone AS phone,
               c.birth_date::text AS "birthDate", m.name AS municipality
        FROM citizens c
        JOIN municipalities m ON m.istat_code = c.residence_istat
        JOIN campaigns k ON k.code = ${campaignCode} AND k.opens_at <= ${now} AND (k.closes_at IS NULL OR k.closes_at > ${now})
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
  };
}
