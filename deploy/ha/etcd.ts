import { portsOf, SITES, type Layout, type Site } from './topology.ts';

// etcd through its HTTP gateway (v3 API): health, which member leads raft, moving that leadership.
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function etcdHealthy(layout: Layout, site: Site): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${portsOf(layout, site).etcdClient}/health`, {
      signal: AbortSignal.timeout(1_000),
    });
    return response.ok && ((await response.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

/** The site whose etcd member leads raft now (losing it costs an election and a lease renewal). */
export async function etcdLeader(layout: Layout): Promise<Site | null> {
  for (const site of SITES) {
    try {
      const response = await fetch(`http://127.0.0.1:${portsOf(layout, site).etcdClient}/v3/maintenance/status`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(1_000),
      });
      const status = (await response.json()) as { header?: { member_id?: string }; leader?: string };
      if (status.leader !== undefined && status.header?.member_id === status.leader) return site;
    } catch {
      // this member is down; ask the next
    }
  }
  return null;
}

/**
 * Hands etcd's raft leadership to `site` (what `etcdctl move-leader` does). The
 * failover test uses it to measure the worst case: a lost site that also led etcd.
 */
export async function moveEtcdLeader(layout: Layout, site: Site): Promise<void> {
  const status = async (s: Site): Promise<{ id: string; leader: string }> => {
    const response = await fetch(`http://127.0.0.1:${portsOf(layout, s).etcdClient}/v3/maintenance/status`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { header: { member_id: string }; leader: string };
    return { id: body.header.member_id, leader: body.leader };
  };
  const target = await status(site);
  if (target.leader === target.id) return;
  // The request must reach the current leader.
  const members = await Promise.all(SITES.map(async (s) => ({ s, id: (await status(s).catch(() => null))?.id })));
  const leaderSite = members.find((m) => m.id === target.leader)?.s;
  if (leaderSite === undefined) throw new Error('no etcd leader to move');
  const response = await fetch(
    `http://127.0.0.1:${portsOf(layout, leaderSite).etcdClient}/v3/maintenance/transfer-leadership`,
    {
      method: 'POST',
      body: JSON.stringify({ targetID: target.id }),
      signal: AbortSignal.timeout(5_000),
    },
  );
  if (!response.ok) throw new Error(`etcd refused to move its leadership to ${site}: ${await response.text()}`);
  for (let i = 0; i < 100; i++) {
    if ((await etcdLeader(layout)) === site) return;
    await sleep(100);
  }
  throw new Error(`etcd leadership did not move to ${site}`);
}
