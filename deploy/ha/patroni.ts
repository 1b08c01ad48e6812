import { DB_SITES, patroniUrl, type DbSite, type Layout } from './topology.ts';

/** Patroni's REST API, as the layout scripts and the failover test use it. */
export interface Member {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly timeline?: number;
  readonly lag?: number | string;
}

async function get(url: string, timeoutMs = 1_000): Promise<Response | null> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
}

/** True when `site` answers 200 on `path` (/primary, /replica, /sync, /health). */
export async function answers(layout: Layout, site: DbSite, path: string): Promise<boolean> {
  const response = await get(`${patroniUrl(layout, site)}${path}`);
  if (response === null) return false;
  await response.body?.cancel();
  return response.status === 200;
}

/** The members as any live node sees them (etcd's view), or [] when none answers. */
export async function members(layout: Layout): Promise<Member[]> {
  for (const site of DB_SITES) {
    const response = await get(`${patroniUrl(layout, site)}/cluster`);
    if (response?.status === 200) return ((await response.json()) as { members: Member[] }).members;
  }
  return [];
}

export async function leaderName(layout: Layout): Promise<DbSite | null> {
  const leader = (await members(layout)).find((m) => m.role === 'leader');
  return DB_SITES.find((s) => s === leader?.name) ?? null;
}

/**
 * A planned switchover through the current leader's REST API: Patroni checks that
 * the candidate is the synchronous standby, demotes the leader, promotes the candidate.
 */
export async function switchover(layout: Layout, leader: DbSite, candidate: DbSite): Promise<void> {
  const auth = Buffer.from(`patroni:${layout.secrets.restapi}`).toString('base64');
  const response = await fetch(`${patroniUrl(layout, leader)}/switchover`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` },
    body: JSON.stringify({ leader, candidate }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`switchover ${leader} → ${candidate} answered ${response.status}: ${text}`);
}
