import { sql, type Kysely } from 'kysely';
import { inTransactionOf, type CallersHandle } from '../db/tables.ts';
import type { CampaignsDb, EnrollmentChannel, EnrollmentVerification } from './db-types.ts';
import type { Cohort } from './eligibility.ts';
import { bornByCounter } from './born-by-repository.ts';
import { literal } from '../db/literal.ts';

export interface CampaignRow {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  /** The name in English; null when the region gave none. */
  readonly nameEn: string | null;
  readonly products: string[];
  readonly opensAt: Date;
  readonly closesAt: Date | null;
  readonly plannedWeeklyCapacity: number;
  readonly cohorts: Cohort[];
}

/** All SQL of the campaigns module. */
export function campaignRepository(db: Kysely<CampaignsDb>) {
  // Enrolled people by birth year per campaign, for the estimated wait (born-by-repository.ts: read incrementally).
  const bornBy = bornByCounter();
  const cohortsOf = async (campaignId: number): Promise<Cohort[]> => {
    const rows = await db
      .selectFrom('campaign_cohorts')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('born_to_year')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      bornFromYear: r.born_from_year,
      bornToYear: r.born_to_year,
      opensAt: r.opens_at,
    }));
  };

  return {
    async exists(code: string): Promise<boolean> {
      return (await db.selectFrom('campaigns').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
    },

    /** Marks an enrollment withdrawn, in the caller's transaction (scheduling's cancellation of a first dose). */
    async withdraw<Tables>(trx: CallersHandle<Tables>, enrollmentId: number, at: Date): Promise<void> {
      await inTransactionOf<CampaignsDb, Tables>(trx)
        .updateTable('enrollments')
        .set({ withdrawn_at: at })
        .where('id', '=', enrollmentId)
        .execute();
    },

    async byCode(code: string): Promise<CampaignRow | null> {
      const row = await db.selectFrom('campaigns').selectAll().where('code', '=', code).executeTakeFirst();
      if (row === undefined) return null;
      return {
        id: row.id,
        code: row.code,
        name: row.name,
        nameEn: row.name_en,
        products: row.products,
        opensAt: row.opens_at,
        closesAt: row.closes_at,
        plannedWeeklyCapacity: row.planned_weekly_capacity,
        cohorts: await cohortsOf(row.id),
      };
    },

    async list(): Promise<CampaignRow[]> {
      const rows = await db.selectFrom('campaigns').select('code').orderBy('opens_at', 'desc').execute();
      const campaigns = await Promise.all(rows.map((r) => this.byCode(r.code)));
      return campaigns.filter((c): c is CampaignRow => c !== null);
    },

    async insertCampaign(c: {
      code: string;
      name: string;
      nameEn?: string | null;
      products: string[];
      opensAt: Date;
      closesAt: Date | null;
      plannedWeeklyCapacity: number;
      createdBy: number | null;
    }): Promise<boolean> {
      const inserted = await db
        .insertInto('campaigns')
        .values({
          code: c.code,
          name: c.name,
          name_en: c.nameEn ?? null,
          products: c.products,
          opens_at: c.opensAt,
          closes_at: c.closesAt,
          planned_weekly_capacity: c.plannedWeeklyCapacity,
          created_by: c.createdBy,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async insertCohort(
      campaignId: number,
      c: { label: string; bornFromYear: number | null; bornToYear: number; opensAt: Date },
    ): Promise<boolean> {
      const inserted = await db
        .insertInto('campaign_cohorts')
        .values({
          campaign_id: campaignId,
          label: c.label,
          born_from_year: c.bornFromYear,
          born_to_year: c.bornToYear,
          opens_at: c.opensAt,
        })
        .onConflict((oc) => oc.columns(['campaign_id', 'born_to_year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    openDraft(trx: Kysely<CampaignsDb>, campaignId: number, citizenId: number) {
      return trx
        .selectFrom('enrollment_drafts')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('citizen_id', '=', citizenId)
        .where('status', '=', literal('pending'))
        .forUpdate()
        .executeTakeFirst();
    },

    /** A citizen by codice fiscale, from the registry's published view, with what a submit checks and says. */
    citizenByFiscalCode(trx: Kysely<CampaignsDb>, fiscalCode: string) {
      return trx
        .selectFrom('registry_citizens')
        .select(['id', 'health_card_number', 'birth_date', 'given_name', 'family_name'])
        .where('fiscal_code', '=', fiscalCode)
        .executeTakeFirst();
    },

    /**
     * The citizen's open draft, locked, found by codice fiscale, with what the confirmation says of them: one
     * statement where a registry read and the draft's were two (issue 21). `registry_citizens` is the registry's
     * published view; only the draft's row is locked.
     */
    openDraftByFiscalCode(trx: Kysely<CampaignsDb>, campaignId: number, fiscalCode: string) {
      return trx
        .selectFrom('enrollment_drafts as d')
        .innerJoin('registry_citizens as c', 'c.id', 'd.citizen_id')
        .selectAll('d')
        .select(['c.birth_date', 'c.given_name', 'c.family_name'])
        .where('d.campaign_id', '=', campaignId)
        .where('c.fiscal_code', '=', fiscalCode)
        .where('d.status', '=', literal('pending'))
        .forUpdate('d')
        .executeTakeFirst();
    },

    /** The draft that confirmed the citizen's enrollment, if it came through the code or the link. */
    confirmedDraft(trx: Kysely<CampaignsDb>, campaignId: number, fiscalCode: string) {
      return trx
        .selectFrom('enrollment_drafts as d')
        .innerJoin('registry_citizens as c', 'c.id', 'd.citizen_id')
        .selectAll('d')
        .where('d.campaign_id', '=', campaignId)
        .where('c.fiscal_code', '=', fiscalCode)
        .where('d.status', '=', literal('confirmed'))
        .orderBy('d.id', 'desc')
        .executeTakeFirst();
    },

    draftById(trx: Kysely<CampaignsDb>, id: number) {
      return trx.selectFrom('enrollment_drafts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    },

    existingEnrollment(trx: Kysely<CampaignsDb>, campaignId: number, citizenId: number) {
      return trx
        .selectFrom('enrollments')
        .select(['enrolled_at', 'channel', 'cohort_id'])
        .where('campaign_id', '=', campaignId)
        .where('citizen_id', '=', citizenId)
        .executeTakeFirst();
    },

    /** Inserts unless the citizen is already enrolled; the unique key decides, not a prior check. */
    async insertEnrollment(
      trx: Kysely<CampaignsDb>,
      e: {
        campaignId: number;
        citizenId: number;
        cohortId: number;
        channel: EnrollmentChannel;
        verifiedBy: EnrollmentVerification;
        operatorId: number | null;
        draftId: number | null;
        mobilePhone: string | null;
        contactPhone: string | null;
        lang?: 'it' | 'en' | null;
      },
    ): Promise<{ id: number; enrolledAt: Date } | null> {
      const row = await trx
        .insertInto('enrollments')
        .values({
          campaign_id: e.campaignId,
          citizen_id: e.citizenId,
          cohort_id: e.cohortId,
          channel: e.channel,
          verified_by: e.verifiedBy,
          operator_id: e.operatorId,
          draft_id: e.draftId,
          mobile_phone: e.mobilePhone,
          contact_phone: e.contactPhone,
          lang: e.lang ?? null,
        })
        .onConflict((oc) => oc.columns(['campaign_id', 'citizen_id']).doNothing())
        .returning(['id', 'enrolled_at'])
        .executeTakeFirst();
      return row === undefined ? null : { id: row.id, enrolledAt: row.enrolled_at };
    },

    /** Enrolled people born in `birthYear` or earlier: those the allocator serves before (or with) this person. */
    enrolledBornBy(campaignId: number, birthYear: number, trx: Kysely<CampaignsDb> = db): Promise<number> {
      return bornBy(trx, campaignId, birthYear);
    },

    async countsByChannel(campaignId: number) {
      const { rows } = await sql<{ channel: EnrollmentChannel; n: number }>`
        SELECT channel, count(*)::int AS n FROM enrollments WHERE campaign_id = ${campaignId} GROUP BY channel`.execute(
        db,
      );
      return rows;
    },

    async countsByBirthYear(campaignId: number) {
      const { rows } = await sql<{ year: number; n: number }>`
        SELECT extract(year FROM c.birth_date)::int AS year, count(*)::int AS n
        FROM enrollments e JOIN registry_citizens c ON c.id = e.citizen_id WHERE e.campaign_id = ${campaignId}
        GROUP BY 1 ORDER BY 1`.execute(db);
      return rows;
    },

    async perMinute(campaignId: number, minutes: number) {
      const { rows } = await sql<{ minute: Date; channel: EnrollmentChannel; n: number }>`
        SELECT date_trunc('minute', enrolled_at) AS minute, channel, count(*)::int AS n
        FROM enrollments WHERE campaign_id = ${campaignId} AND enrolled_at > now() - make_interval(mins => ${minutes})
        GROUP BY 1, 2 ORDER BY 1`.execute(db);
      return rows;
    },

    /**
     * Other people this campaign reaches on `phone`: valid pending drafts and live enrollments.
     * Takes a lock on (campaign, phone) until the transaction ends, so concurrent submits count in turn.
     */
    async othersOnPhone(
      trx: Kysely<CampaignsDb>,
      campaignId: number,
      phone: string,
      citizenId: number,
      now: Date,
    ): Promise<number> {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`enroll-phone:${campaignId}:${phone}`}, 0))`.execute(
        trx,
      );
      const { rows } = await sql<{ n: number }>`
        SELECT count(DISTINCT citizen_id)::int AS n FROM (
          SELECT citizen_id FROM enrollment_drafts
          WHERE campaign_id = ${campaignId} AND mobile_phone = ${phone}
            AND status = 'pending' AND code_expires_at > ${now}
          UNION ALL
          SELECT citizen_id FROM enrollments
          WHERE campaign_id = ${campaignId} AND contact_phone = ${phone} AND withdrawn_at IS NULL
        ) p WHERE citizen_id <> ${citizenId}`.execute(trx);
      return rows[0]?.n ?? 0;
    },

    /**
     * For each person (id, birth year) and each campaign open at `now`: their enrollment, if
     * any, and the cohort their birth year falls in (the youngest-ending one first, as
     * eligibilityFor picks it). One query for a whole page of a GP's list.
     */
    async standings(people: readonly { id: number; birthYear: number }[], now: Date): Promise<StandingRow[]> {
      if (people.length === 0) return [];
      const { rows } = await sql<StandingRow>`
        SELECT p.citizen_id::int AS "citizenId", o.code, o.name, e.channel, e.enrolled_at AS "enrolledAt",
               e.withdrawn_at AS "withdrawnAt", k.opens_at AS "cohortOpensAt"
        FROM unnest(${people.map((p) => p.id)}::bigint[], ${people.map((p) => p.birthYear)}::int[])
          AS p(citizen_id, birth_year)
        CROSS JOIN campaigns o
        LEFT JOIN enrollments e ON e.campaign_id = o.id AND e.citizen_id = p.citizen_id
        LEFT JOIN LATERAL (
          SELECT c.opens_at FROM campaign_cohorts c
          WHERE c.campaign_id = o.id AND p.birth_year <= c.born_to_year
            AND (c.born_from_year IS NULL OR p.birth_year >= c.born_from_year)
          ORDER BY c.born_to_year LIMIT 1
        ) k ON true
        WHERE o.opens_at <= ${now} AND (o.closes_at IS NULL OR o.closes_at > ${now})
        ORDER BY o.opens_at, o.id`.execute(db);
      return rows;
    },
  };
}

export interface StandingRow {
  readonly citizenId: number;
  readonly code: string;
  readonly name: string;
  readonly channel: EnrollmentChannel | null;
  readonly enrolledAt: Date | null;
  readonly withdrawnAt: Date | null;
  readonly cohortOpensAt: Date | null;
}

export type CampaignRepository = ReturnType<typeof campaignRepository>;
