import type { DbSite } from '../../deploy/ha/topology.ts';

/** The forwarding gauges a site's /metrics shows (src/fse2/forward/metrics.ts), read as Prometheus would. */
export interface BacklogSample {
  readonly at: number;
  readonly site: DbSite;
  readonly backlog: number;
  readonly oldestAgeSeconds: number;
}

const gauge = (text: string, name: string): number | null => {
  const match = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
};

export async function scrape(site: DbSite, baseUrl: string): Promise<BacklogSample | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    const backlog = gauge(text, 'fse2_national_backlog');
    const oldest = gauge(text, 'fse2_national_backlog_oldest_age_seconds');
    if (!response.ok || backlog === null || oldest === null) return null;
    return { at: Date.now(), site, backlog, oldestAgeSeconds: oldest };
  } catch {
    return null; // the site is down (killed): the other one is asked
  }
}

/** Scrapes the live sites every `everyMs` until stopped: the backlog as the region's monitoring saw it. */
export function sampleBacklog(sites: Readonly<Record<DbSite, string>>, everyMs: number) {
  const samples: BacklogSample[] = [];
  const state = { stopped: false };
  const loop = (async () => {
    while (!state.stopped) {
      for (const site of ['dc-b', 'dc-a'] as const) {
        const sample = await scrape(site, sites[site]);
        if (sample !== null) {
          samples.push(sample);
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    samples,
    async stop(): Promise<void> {
      state.stopped = true;
      await loop;
    },
  };
}
