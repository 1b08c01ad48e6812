import { sql, type Kysely } from 'kysely';
import type { CampaignsDb } from './db-types.ts';
import type { SmsLanguage } from './messages.ts';

/**
 * The writes of the citizen channel's drafts (enrollment_drafts, migrations/0005_campaigns.sql), each on the
 * caller's transaction; drafts.ts and enrollment.ts keep the logic. The reads that lock a draft are in repository.ts.
 */
export const draftRepository = {
  async supersede(trx: Kysely<CampaignsDb>, draftId: number): Promise<void> {
    await trx.updateTable('enrollment_drafts').set({ status: 'superseded' }).where('id', '=', draftId).execute();
  },

  async insert(
    trx: Kysely<CampaignsDb>,
    draft: {
      campaignId: number;
      citizenId: number;
      mobilePhone: string;
      lang: SmsLanguage | null;
      salt: string;
      codeExpiresAt: Date;
    },
  ): Promise<number> {
    const created = await trx
      .insertInto('enrollment_drafts')
      .values({
        campaign_id: draft.campaignId,
        citizen_id: draft.citizenId,
        mobile_phone: draft.mobilePhone,
        lang: draft.lang,
        secret_salt: draft.salt,
        code_expires_at: draft.codeExpiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return created.id;
  },

  /** A resend: the send count, and the phone and language of the latest submit. */
  async resent(
    trx: Kysely<CampaignsDb>,
    draftId: number,
    update: { sends: number; mobilePhone: string; lang: SmsLanguage | null },
  ): Promise<void> {
    await trx
      .updateTable('enrollment_drafts')
      .set({ sends: update.sends, mobile_phone: update.mobilePhone, lang: update.lang })
      .where('id', '=', draftId)
      .execute();
  },

  /** A wrong code: counts it, or (`lockMinutes` set) locks the draft for that long and resets the count. */
  async wrongCode(
    trx: Kysely<CampaignsDb>,
    draftId: number,
    failedAttempts: number,
    lockMinutes: number | null,
  ): Promise<void> {
    await trx
      .updateTable('enrollment_drafts')
      .set({
        failed_attempts: failedAttempts,
        locked_until: lockMinutes === null ? null : sql<Date>`now() + make_interval(mins => ${lockMinutes})`,
      })
      .where('id', '=', draftId)
      .execute();
  },

  async confirmed(trx: Kysely<CampaignsDb>, draftId: number, at: Date): Promise<void> {
    await trx
      .updateTable('enrollment_drafts')
      .set({ status: 'confirmed', confirmed_at: at })
      .where('id', '=', draftId)
      .execute();
  },

  /**
   * The campaign of a draft and its citizen (neither changes), with what the confirmation says of them, or
   * undefined: one statement where a draft read and a registry read were two (issue 21).
   */
  owner(db: Kysely<CampaignsDb>, draftId: number) {
    return db
      .selectFrom('enrollment_drafts as d')
      .innerJoin('registry_citizens as c', 'c.id', 'd.citizen_id')
      .select(['d.campaign_id', 'c.id', 'c.birth_date', 'c.given_name', 'c.family_name'])
      .where('d.id', '=', draftId)
      .executeTakeFirst();
  },

  async campaignCode(db: Kysely<CampaignsDb>, campaignId: number): Promise<string | null> {
    const row = await db.selectFrom('campaigns').select('code').where('id', '=', campaignId).executeTakeFirst();
    return row?.code ?? null;
  },
};
