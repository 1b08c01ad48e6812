import { existsSync, readFileSync } from 'node:fs';
import { writeReport } from '../../bench/lib/report.ts';
import { etcdLeader, moveEtcdLeader } from '../../deploy/ha/etcd.ts';
import { appReady, killSite, startSite, waitFor } from '../../deploy/ha/layout.ts';
import { answers, leaderName, switchover } from '../../deploy/ha/patroni.ts';
import { appUrl, logFile, nodeSuperuserUrl, type DbSite, type Layout } from '../../deploy/ha/topology.ts';
import { loginAs } from '../helpers/browserless-login.ts';
import { checkOutbox, checkWrites, eligibleCitizens, snapshotOutbox } from './checks.ts';
import { probeDegraded, queueTicket, type WaitroomProbe } from './degraded.ts';
import { fseSite, startPublishing, type Publishing } from './fse.ts';
import { checkJobs, checkProcessing, checkPublishes, pendingIngestion, snapshotJobs } from './fse-checks.ts';
import { startLoad, type Load, type Site } from './load.ts';
import { summarize, type KillResult } from './report.ts';
import { firstAckAfter, windowStats } from './timeline.ts';

/**
 * The failover drill on a two-site layout that is up (dc-a leading, dc-b its synchronous standby, Salus in
 * both): continuous load through both sites' HTTP APIs; kill -9 of every dc-a process at once; dc-a back as a
 * replica (pg_rewind); a switchover back; kill -9 of every dc-b process. It leaves dc-a leading alone, dc-b
 * down. test/failover/run.ts brings the layout up and runs it (and, with --outage-seconds, the outage drill
 * after it on the same layout).
 */
export interface DrillContext {
  readonly say: (message: string) => void;
  /** When the run began (total_seconds counts from there) and what bringing the layout up took, in ms. */
  readonly startedAt: number;
  readonly upTimings: Record<string, number>;
  /** Takes what must be stopped (requests in flight aborted) before the layout goes down on a signal. */
  readonly onInterrupt: (stop: () => Promise<void>) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function sites(layout: Layout): Promise<Record<DbSite, Site>> {
  const login = async (name: DbSite): Promise<Site> => ({
    name,
    baseUrl: appUrl(layout, name),
    operator: await loginAs(appUrl(layout, name), 'farm.galli', { as: 'operator' }),
  });
  return { 'dc-a': await login('dc-a'), 'dc-b': await login('dc-b') };
}

/** Kills every process of `victim` mid-load, measures until a write goes through `survivor`, and checks the outbox. */
async function killAndRecover(
  say: (message: string) => void,
  layout: Layout,
  work: { load: Load; fse: Publishing; room: WaitroomProbe },
  victim: DbSite,
  survivor: DbSite,
): Promise<KillResult> {
  const { load, fse } = work;
  // The worst case: the lost site also leads etcd, which costs an election and renews
  // every lease (Patroni's leader key included) once more.
  await moveEtcdLeader(layout, victim);
  const survivorUrl = nodeSuperuserUrl(layout, survivor, 'salus');
  const snapshot = await snapshotOutbox(survivorUrl);
  const fsePending = await pendingIngestion(survivorUrl);
  const jobs = await snapshotJobs(survivorUrl);
  const etcdLeaderAtKill = await etcdLeader(layout);
  const leaderAtKill = await leaderName(layout);
  const killedAt = Date.now();
  const killed = killSite(layout, victim);
  const probe = probeDegraded(appUrl(layout, survivor), () => load.take(), work.room);
  say(
    `kill -9 ${victim} (${killed.join(' ')}); Patroni leader was ${String(leaderAtKill)}, etcd leader ` +
      String(etcdLeaderAtKill),
  );
  await waitFor(`a write through ${survivor}`, 60_000, () => firstAckAfter(load.writes, killedAt, survivor) !== null);
  const rtoMs = firstAckAfter(load.writes, killedAt, survivor);
  const degraded = await probe.stop();
  say(`first write through ${survivor} ${String(rtoMs)} ms after the kill`);
  await sleep(6_000); // load goes on through the survivor
  const outbox = await checkOutbox(nodeSuperuserUrl(layout, survivor, 'salus'), snapshot);
  const gap = windowStats(load.writes, killedAt, killedAt + (rtoMs ?? 0));
  const fseRtoMs = firstAckAfter(fse.publishes, killedAt, survivor);
  const fseGap = windowStats(fse.publishes, killedAt, killedAt + (fseRtoMs ?? rtoMs ?? 0));
  return { killedAt, leaderAtKill, etcdLeaderAtKill, rtoMs, outbox, gap, degraded, fseRtoMs, fseGap, fsePending, jobs };
}

export async function rejoin(
  layout: Layout,
  site: DbSite,
  say: (message: string) => void,
): Promise<{ rejoinMs: number; rewound: boolean }> {
  const started = Date.now();
  startSite(layout, site, { app: true });
  const syncMs = await waitFor(`${site} back as synchronous standby`, 120_000, () => answers(layout, site, '/sync'));
  await waitFor(`Salus in ${site}`, 60_000, () => appReady(layout, site));
  const log = existsSync(logFile(layout, site, 'patroni'))
    ? readFileSync(logFile(layout, site, 'patroni'), 'utf8')
    : '';
  const rewound = /running pg_rewind|pg_rewind.*(succeeded|finished)/i.test(log);
  say(`${site} rejoined as synchronous standby in ${syncMs} ms (pg_rewind: ${rewound ? 'yes' : 'no'})`);
  return { rejoinMs: Date.now() - started, rewound };
}

/** Runs the drill, writes bench/results/failover.json (its JSON line printed last) and says whether it passed. */
export async function failoverDrill(layout: Layout, context: DrillContext): Promise<boolean> {
  const { say, onInterrupt } = context;
  const citizens = await eligibleCitizens(nodeSuperuserUrl(layout, 'dc-a', 'salus'), 4_000);
  // Their records receive the hospital's reports; the rest enroll.
  const patients = citizens.splice(0, 50).map((c) => c.fiscalCode);
  const room = await queueTicket(
    appUrl(layout, 'dc-a'),
    await loginAs(appUrl(layout, 'dc-a'), 'regione.fontana', { as: 'operator' }),
    appUrl(layout, 'dc-b'),
  );
  const load = startLoad(await sites(layout), citizens, { workersPerSite: 3, paceMs: 200 });
  onInterrupt(() => load.stop(true));
  const fse = await startPublishing(
    { 'dc-a': await fseSite('dc-a', appUrl(layout, 'dc-a')), 'dc-b': await fseSite('dc-b', appUrl(layout, 'dc-b')) },
    patients,
    { perSite: 1, paceMs: 300 },
  );
  onInterrupt(() => fse.stop(true));
  const work = { load, fse, room };
  await sleep(6_000);

  // 1. dc-a, the leader's site, is lost.
  const first = await killAndRecover(say, layout, work, 'dc-a', 'dc-b');
  const afterFirst = await checkWrites(nodeSuperuserUrl(layout, 'dc-b', 'salus'), load.writes);
  const fseAfterFirst = await checkPublishes(nodeSuperuserUrl(layout, 'dc-b', 'salus'), fse.publishes);

  // 2. dc-a comes back as a replica, then leads again after a planned switchover.
  const back = await rejoin(layout, 'dc-a', say);
  const switchAt = Date.now();
  await switchover(layout, 'dc-b', 'dc-a');
  await waitFor(
    'dc-a leading and dc-b synchronous',
    60_000,
    async () => (await answers(layout, 'dc-a', '/primary')) && (await answers(layout, 'dc-b', '/sync')),
  );
  const switchoverMs = Date.now() - switchAt;
  const settled = Date.now();
  const writes = load.writes;
  await waitFor('a write after the switchover', 30_000, () => firstAckAfter(writes, settled) !== null);
  const switchWindow = windowStats(load.writes, switchAt, Date.now());
  say(`switchover to dc-a done in ${switchoverMs} ms`);
  await sleep(4_000);

  // 3. dc-b, now the synchronous standby's site, is lost: dc-a must go on alone.
  const second = await killAndRecover(say, layout, work, 'dc-b', 'dc-a');
  await Promise.all([load.stop(), fse.stop()]);
  const finalUrl = nodeSuperuserUrl(layout, 'dc-a', 'salus');
  const final = await checkWrites(finalUrl, load.writes);
  const fseFinal = await checkPublishes(finalUrl, fse.publishes);
  // Processing (index + SMS notice) of every acknowledged document and of those pending before each kill.
  const queuedBefore = [...first.fsePending, ...second.fsePending];
  const published = fse.publishes;
  const drainStarted = Date.now();
  await waitFor(
    'FSE processing to catch up',
    150_000,
    async () => (await checkProcessing(finalUrl, published, queuedBefore)).pending === 0,
  ).catch((error: unknown) => {
    say(String(error));
  });
  const processing = {
    ...(await checkProcessing(finalUrl, published, queuedBefore)),
    drainMs: Date.now() - drainStarted,
  };
  // Jobs a killed dispatcher had taken stay locked until the survivor sees its heartbeat
  // stop (one 15 s lease, ADR 0005) and unlocks them: give that time before judging.
  const checkAllJobs = async () => [
    await checkJobs(finalUrl, first.jobs, second.killedAt),
    await checkJobs(finalUrl, second.jobs, second.killedAt),
  ];
  await waitFor('jobs of the killed site to be unlocked and run', 60_000, async () =>
    (await checkAllJobs()).every((j) => j.lost.length === 0),
  ).catch((error: unknown) => {
    say(String(error));
  });
  const jobs = await checkAllJobs();
  // The checker must see a missing write: a citizen never written, marked acknowledged.
  const unused = load.take();
  const canary =
    unused === undefined
      ? null
      : await checkWrites(nodeSuperuserUrl(layout, 'dc-a', 'salus'), [
          { kind: 'enroll', citizen: unused, home: 'dc-a', attempts: [], ackedAt: Date.now() },
        ]);
  const total = windowStats(load.writes, 0, Date.now());

  const fseChecks = {
    afterFirst: fseAfterFirst,
    final: fseFinal,
    processing,
    jobs,
    total: windowStats(fse.publishes, 0, Date.now()),
  };
  const { figures, failures } = summarize({
    first,
    second,
    afterFirst,
    final,
    canary,
    back,
    switchoverMs,
    switchWindow,
    total,
    upTimings: context.upTimings,
    startedAt: context.startedAt,
    fse: fseChecks,
  });
  if (failures.length > 0) say(`FAILED: ${failures.join('; ')}`);
  writeReport(
    'failover',
    { ...figures, passed: failures.length === 0, failures },
    JSON.stringify({ ...figures, passed: failures.length === 0 }),
  );
  return failures.length === 0;
}
