import type { CampaignRepository, CampaignRow } from './repository.ts';

/**
 * How long this instance trusts a campaign (with its cohorts) it read. Campaigns and cohorts change only
 * through the region's admin routes (a campaign created, a cohort added: a few times a year, never
 * edited or deleted); this instance forgets every entry when it writes one, and another instance's write
 * is seen within this time. The enrollment path read them on every step: 2 statements per step, 4-6 per
 * enrollment (issue 21); with the cache, one read per 5 s per campaign and instance.
 */
export const CAMPAIGN_CACHE_TTL_MS = 5_000;

export interface CampaignReader {
  byCode(code: string): Promise<CampaignRow | null>;
}

/**
 * Campaigns by code (and by id, for the SMS link's draft) for the enrollment path. Concurrent misses share
 * one read; a campaign that does not exist is not remembered (it may be created a moment later).
 */
export function campaignCache(
  repo: Pick<CampaignRepository, 'byCode'> & { codeById(id: number): Promise<string | null> },
  clock: () => number = Date.now,
): CampaignReader & { byId(id: number): Promise<CampaignRow | null>; forget(): void } {
  const entries = new Map<string, { readonly at: number; readonly row: Promise<CampaignRow | null> }>();
  // A campaign's code never changes (there is no route to change it): kept for good.
  const codes = new Map<number, string>();
  const byCode = (code: string): Promise<CampaignRow | null> => {
    const hit = entries.get(code);
    if (hit !== undefined && clock() - hit.at < CAMPAIGN_CACHE_TTL_MS) return hit.row;
    const row = repo.byCode(code);
    const entry = { at: clock(), row };
    entries.set(code, entry);
    const drop = (): void => {
      if (entries.get(code) === entry) entries.delete(code);
    };
    row.then((found) => {
      if (found === null) drop();
      else codes.set(found.id, found.code);
    }, drop);
    return row;
  };
  return {
    byCode,
    async byId(id: number): Promise<CampaignRow | null> {
      let code = codes.get(id);
      if (code === undefined) {
        const found = await repo.codeById(id);
        if (found === null) return null;
        codes.set(id, found);
        code = found;
      }
      return byCode(code);
    },
    forget(): void {
      entries.clear();
    },
  };
}

export type CampaignCache = ReturnType<typeof campaignCache>;
