import type { Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';

/**
 * What the allocator reads of campaigns: their published read-only view `campaigns_catalogue`
 * (migrations/0028_published_views.sql), never campaigns' tables.
 */

/** The campaign's id and its products (the doses it books), or undefined when there is no such campaign. */
export async function campaignToAllocate(db: Kysely<SchedulingDb>, code: string) {
  return db.selectFrom('campaigns_catalogue').select(['id', 'products']).where('code', '=', code).executeTakeFirst();
}

/** The codes of the campaigns open at `at`: opened, and not closed yet (no end, or an end after `at`). */
export async function openCampaignCodes(db: Kysely<SchedulingDb>, at: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('campaigns_catalogue')
    .select('code')
    .where('opens_at', '<=', at)
    .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', at)]))
    .execute();
  return rows.map((r) => r.code);
}
