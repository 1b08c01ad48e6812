import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReport } from '../../bench/lib/report.ts';
import { etcdLeader, moveEtcdLeader } from '../../deploy/ha/etcd.ts';
import { appReady, down, killSite, startSite, up, waitFor } from '../../deploy/ha/layout.ts';
import { answers, leaderName, switchover } from '../../deploy/ha/patroni.ts';
import { appUrl, logFile, nodeSuperuserUrl, openLayout, type DbSite, type Layout } from '../../deploy/ha/topology.ts';
import { loginAs } from '../helpers/browserless-login.ts';
import { checkOutbox, checkWrites, eligibleCitizens, snapshotOutbox } from './checks.ts';
import { probeDegraded, queueTicket, type WaitroomProbe } from './degraded.ts';
import { fseSite, startPublishing, type Publishing } from './fse.ts';
import { checkJobs, checkProcessing, checkPublishes, pendingIngestion, snapshotJobs } from './fse-checks.ts';
import { startLoad, type Load, type Site } from './load.ts';
import { summarize, type KillResult } from './report.ts';
import { firstAckAfter, windowStats } from './timeline.ts';

/**
 * `npm run test:failover`: the two-site layout under continuous load through both
 * sites' HTTP APIs; kill -9 of every dc-a process at once; dc-a back as a replica
 * (pg_rewind); a switchover back; kill -9 of every dc-b process. Prints one JSON
 * line last, writes bench/results/failover.json, and exits 1 if a target is missed.
 */
const DIR = process.env.SALUS_FAILOVER_DIR ?? path.join(tmpdir(), 'salus-failover');
const BASE_PORT = Number(process.env.SALUS_FAILOVER_BASE_PORT ?? 26500);
const REPO = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string): void => {
  process.stderr.write(`failover: ${message}\n`);
};

function freshLayout(): Layout {
  // A run killed before its teardown left processes behind: stop them by their recorded pids.
  if (existsSync(path.join(DIR, 'secrets.json'))) {
    execFileSync(process.execPath, [path.join(REPO, 'deploy/ha/down.ts')], {
      env: { ...process.env, SALUS_HA_DIR: DIR, SALUS_HA_BASE_PORT: String(BASE_PORT) },
      stdio: 'ignore',
    });
  }
  rmSync(DIR, { recursive: true, force: true });
  // 40,000 people hold ~3,100 over-80s: enough distinct citizens for ~2 minutes of load.
  return openLayout({
    dir: DIR,
    basePort: BASE_PORT,
    demoCitizens: 40_000,
    appEnv: { RATE_LIMIT_SUBMIT_PER_IP: '1000000', LOG_LEVEL: 'warn' },
  });
}

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

async function rejoin(layout: Layout, site: DbSite): Promise<{ rejoinMs: number; rewound: boolean }> {
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

async function main(): Promise<number> {
  execFileSync('bash', [path.join(REPO, 'scripts/ensure-ha.sh')], { stdio: 'inherit' });
  // The static citizen pages must be served while the database is gone: build them if stale.
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build-web.ts')], { stdio: 'inherit' });
  const layout = freshLayout();
  let load: Load | null = null;
  let fse: Publishing | null = null;
  const teardown = async (): Promise<void> => {
    await Promise.all([load?.stop(true), fse?.stop(true)]);
    await down(layout);
  };
  const onSignal = (): void => {
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const startedAt = Date.now();
    const upTimings = await up(layout, { log: say });
    const citizens = await eligibleCitizens(nodeSuperuserUrl(layout, 'dc-a', 'salus'), 4_000);
    // Their records receive the hospital's reports; the rest enroll.
    const patients = citizens.splice(0, 50).map((c) => c.fiscalCode);
    const room = await queueTicket(
      appUrl(layout, 'dc-a'),
      await loginAs(appUrl(layout, 'dc-a'), 'regione.fontana', { as: 'operator' }),
      appUrl(layout, 'dc-b'),
    );
    load = startLoad(await sites(layout), citizens, { workersPerSite: 3, paceMs: 200 });
    fse = await startPublishing(
      { 'dc-a': await fseSite('dc-a', appUrl(layout, 'dc-a')), 'dc-b': await fseSite('dc-b', appUrl(layout, 'dc-b')) },
      patients,
      { perSite: 1, paceMs: 300 },
    );
    const work = { load, fse, room };
    await sleep(6_000);

    // 1. dc-a, the leader's site, is lost.
    const first = await killAndRecover(layout, work, 'dc-a', 'dc-b');
    const afterFirst = await checkWrites(nodeSuperuserUrl(layout, 'dc-b', 'salus'), load.writes);
    const fseAfterFirst = await checkPublishes(nodeSuperuserUrl(layout, 'dc-b', 'salus'), fse.publishes);

    // 2. dc-a comes back as a replica, then leads again after a planned switchover.
    const back = await rejoin(layout, 'dc-a');
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
    const second = await killAndRecover(layout, work, 'dc-b', 'dc-a');
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
      upTimings,
      startedAt,
      fse: fseChecks,
    });
    if (failures.length > 0) say(`FAILED: ${failures.join('; ')}`);
    writeReport(
      'failover',
      { ...figures, passed: failures.length === 0, failures },
      JSON.stringify({ ...figures, passed: failures.length === 0 }),
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    await teardown();
  }
}

main().then(
  (code) => {
    // Data and logs stay for a look after a failure; the next run starts by removing them.
    if (code === 0) rmSync(DIR, { recursive: true, force: true });
    process.exit(code);
  },
  (error: unknown) => {
    say(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)} (logs kept in ` +
        `${DIR}/<site>/log/)`,
    );
    process.exit(1);
  },
);
