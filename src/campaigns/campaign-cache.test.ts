import { describe, expect, it } from 'vitest';
import { CAMPAIGN_CACHE_TTL_MS, campaignCache } from './campaign-cache.ts';
import type { CampaignRow } from './repository.ts';

const row = (code: string, cohorts = 1): CampaignRow => ({
  id: code.length,
  code,
  name: code,
  nameEn: null,
  products: ['Comirnaty'],
  opensAt: new Date('2026-01-01T00:00:00Z'),
  closesAt: null,
  plannedWeeklyCapacity: 1000,
  cohorts: Array.from({ length: cohorts }, (_, i) => ({
    id: i + 1,
    label: `c${i}`,
    bornFromYear: null,
    bornToYear: 1946 - i,
    opensAt: new Date('2026-01-01T00:00:00Z'),
  })),
});

/** A repository whose table is `stored`, counting its reads; a clock the test moves. */
function setup() {
  const stored = new Map<string, CampaignRow>([['covid-over80', row('covid-over80')]]);
  const reads = { byCode: 0, codeById: 0 };
  let failNext = false;
  const clock = { now: 1_000_000 };
  const cache = campaignCache(
    {
      byCode: (code) => {
        reads.byCode += 1;
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('connection lost'));
        }
        return Promise.resolve(stored.get(code) ?? null);
      },
      codeById: (id) => {
        reads.codeById += 1;
        return Promise.resolve([...stored.values()].find((c) => c.id === id)?.code ?? null);
      },
    },
    () => clock.now,
  );
  return {
    stored,
    reads,
    clock,
    cache,
    failOnce: () => {
      failNext = true;
    },
  };
}

describe('campaignCache', () => {
  it('reads a campaign once for many concurrent and later steps within its time, then again', async () => {
    const { reads, clock, cache } = setup();
    const many = await Promise.all(Array.from({ length: 50 }, () => cache.byCode('covid-over80')));
    expect(new Set(many.map((c) => c?.code))).toEqual(new Set(['covid-over80']));
    clock.now += CAMPAIGN_CACHE_TTL_MS - 1;
    await cache.byCode('covid-over80');
    expect(reads.byCode).toBe(1);
    clock.now += 1;
    await cache.byCode('covid-over80');
    expect(reads.byCode).toBe(2);
  });

  it("sees another instance's new cohort within its time, and this instance's own write at once", async () => {
    const { stored, clock, cache } = setup();
    expect((await cache.byCode('covid-over80'))?.cohorts).toHaveLength(1);
    stored.set('covid-over80', row('covid-over80', 2));
    expect((await cache.byCode('covid-over80'))?.cohorts).toHaveLength(1);
    clock.now += CAMPAIGN_CACHE_TTL_MS;
    expect((await cache.byCode('covid-over80'))?.cohorts).toHaveLength(2);
    stored.set('covid-over80', row('covid-over80', 3));
    cache.forget();
    expect((await cache.byCode('covid-over80'))?.cohorts).toHaveLength(3);
  });

  it('does not remember a campaign that does not exist, nor a failed read', async () => {
    const { stored, reads, cache, failOnce } = setup();
    expect(await cache.byCode('flu-2026')).toBeNull();
    stored.set('flu-2026', row('flu-2026'));
    expect((await cache.byCode('flu-2026'))?.code).toBe('flu-2026');
    failOnce();
    cache.forget();
    await expect(cache.byCode('covid-over80')).rejects.toThrow('connection lost');
    expect((await cache.byCode('covid-over80'))?.code).toBe('covid-over80');
    expect(reads.byCode).toBe(4);
  });

  it('finds a campaign by id (the SMS link) with one code lookup for good', async () => {
    const { reads, cache } = setup();
    const id = row('covid-over80').id;
    expect((await cache.byId(id))?.code).toBe('covid-over80');
    cache.forget();
    expect((await cache.byId(id))?.code).toBe('covid-over80');
    expect(reads.codeById).toBe(1);
    expect(await cache.byId(999)).toBeNull();
  });
});
