import type { Db } from '../db/tables.ts';
import type { CampaignsDb } from './db-types.ts';

/** The SQL of phone verification (phone_verifications, migrations/0005_campaigns.sql). */
export function phoneRepository(db: Db<CampaignsDb>) {
  return {
    /** Runs `work` in one transaction: it binds a repository to `trx` (phoneRepository(trx)). */
    transaction<T>(work: (trx: Db<CampaignsDb>) => Promise<T>): Promise<T> {
      return db.transaction().execute(work);
    },

    byCitizen(citizenId: number) {
      return db
        .selectFrom('phone_verifications')
        .select(['mobile_phone', 'verified_at'])
        .where('citizen_id', '=', citizenId)
        .executeTakeFirst();
    },

    /** The citizen's verification, locked until the transaction ends. */
    lockedByCitizen(citizenId: number) {
      return db
        .selectFrom('phone_verifications')
        .selectAll()
        .where('citizen_id', '=', citizenId)
        .forUpdate()
        .executeTakeFirst();
    },

    /** A new code for `phone` (salt), valid until `expiresAt`: replaces the citizen's earlier one. */
    async upsert(citizenId: number, phone: string, salt: string, expiresAt: Date): Promise<void> {
      await db
        .insertInto('phone_verifications')
        .values({
          citizen_id: citizenId,
          mobile_phone: phone,
          secret_salt: salt,
          expires_at: expiresAt,
          verified_at: null,
        })
        .onConflict((oc) =>
          oc.column('citizen_id').doUpdateSet({
            mobile_phone: phone,
            secret_salt: salt,
            expires_at: expiresAt,
            verified_at: null,
            failed_attempts: 0,
          }),
        )
        .execute();
    },

    async setFailedAttempts(citizenId: number, failedAttempts: number): Promise<void> {
      await db
        .updateTable('phone_verifications')
        .set({ failed_attempts: failedAttempts })
        .where('citizen_id', '=', citizenId)
        .execute();
    },

    async markVerified(citizenId: number, at: Date): Promise<void> {
      await db
        .updateTable('phone_verifications')
        .set({ verified_at: at })
        .where('citizen_id', '=', citizenId)
        .execute();
    },
  };
}
