import { sql, type Kysely } from 'kysely';
import type { CampaignsDb } from './db-types.ts';

// The counts feed only the estimated wait in the confirmation SMS (a range of weeks). A full count
// joined every enrollment of the campaign with the registry: at 100,000 enrollments a scan every 5 s per
// instance (issue 21). Now every 5 s only the enrollments after the last one read (by id), and a full
// recount every 60 s, which also catches a row whose id came before the last read but which committed
// after it (concurrent confirmations commit out of id order): such a row is missing for at most 60 s.
export const BORN_BY_REFRESH_MS = 5_000;
export const BORN_BY_RECOUNT_MS = 60_000;

interface Counts {
  readonly byYear: Map<number, number>;
  lastId: number;
  readAt: number;
  countedAt: number;
  /** A read is under way: the others answer from the counts as they are rather than read the same rows. */
  reading: boolean;
  /** The first count, until it is done. */
  ready: Promise<void> | null;
}

/** Enrolled people born in a year or earlier, per campaign, kept up to date incrementally. */
export function bornByCounter(clock: () => number = Date.now) {
  const campaigns = new Map<number, Counts>();
  /** The counts of the campaign's enrollments after `afterId`, or of all of them (null). */
  const read = async (trx: Kysely<CampaignsDb>, campaignId: number, afterId: number | null) => {
    const { rows } = await sql<{ y: number; n: number; last: number }>`
      SELECT extract(year FROM c.birth_date)::int AS y, count(*)::int AS n, max(e.id) AS last
      FROM enrollments e JOIN registry_citizens c ON c.id = e.citizen_id
      WHERE e.campaign_id = ${campaignId} ${afterId === null ? sql`` : sql`AND e.id > ${afterId}`}
      GROUP BY 1`.execute(trx);
    return rows;
  };
  const update = async (trx: Kysely<CampaignsDb>, campaignId: number, counts: Counts, full: boolean) => {
    const now = clock();
    counts.reading = true;
    counts.readAt = now;
    if (full) counts.countedAt = now;
    try {
      const rows = await read(trx, campaignId, full ? null : counts.lastId);
      if (full) counts.byYear.clear();
      for (const r of rows) {
        counts.byYear.set(r.y, (counts.byYear.get(r.y) ?? 0) + r.n);
        counts.lastId = Math.max(counts.lastId, r.last);
      }
    } finally {
      counts.reading = false;
    }
  };
  return async function enrolledBornBy(
    trx: Kysely<CampaignsDb>,
    campaignId: number,
    birthYear: number,
  ): Promise<number> {
    let counts = campaigns.get(campaignId);
    if (counts === undefined) {
      const fresh: Counts = { byYear: new Map(), lastId: 0, readAt: 0, countedAt: 0, reading: false, ready: null };
      campaigns.set(campaignId, fresh);
      fresh.ready = update(trx, campaignId, fresh, true).catch((error: unknown) => {
        campaigns.delete(campaignId);
        throw error;
      });
      await fresh.ready;
      fresh.ready = null;
      counts = fresh;
    } else if (counts.ready !== null) {
      // The first count is under way in another confirmation: its figures, not none (a failure: none, once).
      await counts.ready.catch(() => undefined);
    }
    if (!counts.reading) {
      const now = clock();
      if (now - counts.countedAt > BORN_BY_RECOUNT_MS) await update(trx, campaignId, counts, true);
      else if (now - counts.readAt > BORN_BY_REFRESH_MS) await update(trx, campaignId, counts, false);
    }
    let n = 0;
    for (const [year, count] of counts.byYear) if (year <= birthYear) n += count;
    return n;
  };
}
