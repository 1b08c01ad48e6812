import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { etcdArgs, haproxyConfig, patroniConfig } from './configs.ts';
import { etcdHealthy } from './etcd.ts';
import { answers } from './patroni.ts';
import {
  busyPorts,
  forgetPids,
  killSite,
  livePid,
  postmasterPid,
  startProcess,
  stopPids,
  type OsUser,
  type ProcName,
} from './processes.ts';
import { bootstrapRoles, prepareDatabase } from '../../src/db/roles.ts';
import {
  appDatabaseUrl,
  appUrl,
  DB_SITES,
  logFile,
  nodeSuperuserUrl,
  ownerDatabaseUrl,
  pgDataDir,
  portsOf,
  SITES,
  siteDir,
  type DbSite,
  type Layout,
  type Site,
} from './topology.ts';

export { killSite };

const REPO = path.resolve(import.meta.dirname, '../..');
const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function postgresUser(): OsUser {
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Writes every site's configuration (again: ports or passwords may have changed). */
export function writeConfigs(layout: Layout): void {
  const pgUser = postgresUser();
  chmodSync(layout.dir, 0o755);
  for (const site of SITES) mkdirSync(path.join(siteDir(layout, site), 'log'), { recursive: true, mode: 0o755 });
  for (const site of DB_SITES) {
    const pgDir = path.join(siteDir(layout, site), 'pg');
    mkdirSync(path.join(pgDir, 'log'), { recursive: true });
    chmodSync(pgDir, 0o700);
    writeFileSync(path.join(siteDir(layout, site), 'patroni.yml'), patroniConfig(layout, site), { mode: 0o600 });
    writeFileSync(path.join(siteDir(layout, site), 'haproxy.cfg'), haproxyConfig(layout, site));
    execFileSync('chown', [
      '-R',
      `${pgUser.uid}:${pgUser.gid}`,
      pgDir,
      path.join(siteDir(layout, site), 'patroni.yml'),
    ]);
  }
}

function running(layout: Layout, site: Site, name: ProcName): boolean {
  return livePid(layout, site, name) !== null;
}

export function startEtcd(layout: Layout, site: Site): void {
  if (running(layout, site, 'etcd')) return;
  startProcess(layout, site, 'etcd', {
    command: '/usr/bin/etcd',
    args: etcdArgs(layout, site),
    env: { PATH: SYSTEM_PATH },
    log: logFile(layout, site, 'etcd'),
  });
}

export function startPatroni(layout: Layout, site: DbSite): void {
  if (running(layout, site, 'patroni')) return;
  startProcess(layout, site, 'patroni', {
    command: '/usr/bin/patroni',
    args: [path.join(siteDir(layout, site), 'patroni.yml')],
    // No PGPASSWORD here: it would take precedence over the pgpass file Patroni writes,
    // and a rejoining old leader would then fail pg_rewind/pg_basebackup authentication.
    env: { PATH: SYSTEM_PATH, LC_ALL: 'C.UTF-8', HOME: path.join(siteDir(layout, site), 'pg') },
    user: postgresUser(),
    log: logFile(layout, site, 'patroni'),
  });
}

export function startHaproxy(layout: Layout, site: DbSite): void {
  if (running(layout, site, 'haproxy')) return;
  startProcess(layout, site, 'haproxy', {
    command: '/usr/sbin/haproxy',
    args: ['-db', '-f', path.join(siteDir(layout, site), 'haproxy.cfg')],
    env: { PATH: SYSTEM_PATH },
    log: logFile(layout, site, 'haproxy'),
  });
}

export function startApp(layout: Layout, site: DbSite): void {
  if (running(layout, site, 'salus')) return;
  const port = portsOf(layout, site).app;
  startProcess(layout, site, 'salus', {
    command: process.execPath,
    args: ['src/main.ts'],
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? SYSTEM_PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: appDatabaseUrl(layout, site),
      DATABASE_OWNER_URL: ownerDatabaseUrl(layout, site),
      SALUS_DATA_DIR: path.join(siteDir(layout, site), 'app'),
      SALUS_DEMO: 'true',
      SALUS_DEMO_CITIZENS: String(layout.demoCitizens),
      LOG_LEVEL: 'warn',
      ...layout.appEnv,
    },
    log: logFile(layout, site, 'salus'),
  });
}

export async function appReady(layout: Layout, site: DbSite): Promise<boolean> {
  try {
    const response = await fetch(`${appUrl(layout, site)}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Creates the owner and application roles and the database on the leader (idempotent;
 * a layout from before the split gets its database handed to salus_owner). Roles and
 * ownership replicate to the standby with everything else.
 */
async function createAppDatabase(layout: Layout, leader: DbSite): Promise<void> {
  await bootstrapRoles(nodeSuperuserUrl(layout, leader), { owner: layout.secrets.owner, app: layout.secrets.app });
  await prepareDatabase(nodeSuperuserUrl(layout, leader), 'salus');
}

/** The application's route: a query through the site's HAProxy succeeds. */
export async function routeWorks(layout: Layout, site: DbSite): Promise<boolean> {
  const client = new pg.Client({ connectionString: appDatabaseUrl(layout, site), connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fails early, naming the port, when another program holds a port of a process not yet running. */
async function assertPortsFree(layout: Layout): Promise<void> {
  const wanted: number[] = [];
  for (const site of SITES) {
    const p = portsOf(layout, site);
    if (!running(layout, site, 'etcd')) wanted.push(p.etcdClient, p.etcdPeer);
    if (site === 'witness') continue;
    if (!running(layout, site, 'patroni'))
      wanted.push(p.patroni, ...(postmasterPid(layout, site) === null ? [p.postgres] : []));
    if (!running(layout, site, 'haproxy')) wanted.push(p.haproxy);
    if (!running(layout, site, 'salus')) wanted.push(p.app);
  }
  const busy = await busyPorts(wanted);
  if (busy.length > 0)
    throw new Error(
      `ports ${busy.join(', ')} are in use by another program: ` +
        'stop it or choose another base port (SALUS_HA_BASE_PORT / SALUS_FAILOVER_BASE_PORT)',
    );
}

export interface UpOptions {
  readonly log?: (message: string) => void;
  /** Start the Salus processes too (the failover test and `ha:up` do). */
  readonly apps?: boolean;
}

/** Brings the whole layout up; processes already running are kept. Returns timings in ms. */
export async function up(layout: Layout, options: UpOptions = {}): Promise<Record<string, number>> {
  const log = options.log ?? (() => undefined);
  const t: Record<string, number> = {};
  await assertPortsFree(layout);
  writeConfigs(layout);
  for (const site of SITES) startEtcd(layout, site);
  t.etcd = await waitFor('the three etcd members', 30_000, async () =>
    (await Promise.all(SITES.map((s) => etcdHealthy(layout, s)))).every(Boolean),
  );
  log(`etcd quorum up (${t.etcd} ms)`);

  // A new cluster: dc-a first, so that it bootstraps and leads, and dc-b clones it. An
  // existing one: both at once, and Patroni lets only a node that may lead do so.
  const bootstrapped = existsSync(path.join(pgDataDir(layout, 'dc-a'), 'PG_VERSION'));
  startPatroni(layout, 'dc-a');
  if (bootstrapped) startPatroni(layout, 'dc-b');
  const leading = async (): Promise<DbSite | null> => {
    for (const site of DB_SITES) if (await answers(layout, site, '/primary')) return site;
    return null;
  };
  t.leader = await waitFor('a Patroni leader', 90_000, async () => (await leading()) !== null);
  const first = (await leading()) ?? 'dc-a';
  await createAppDatabase(layout, first);
  const second = first === 'dc-a' ? 'dc-b' : 'dc-a';
  startPatroni(layout, second);
  t.syncStandby = await waitFor(`${second} as synchronous standby`, 90_000, () => answers(layout, second, '/sync'));
  log(`Patroni: ${first} leads, ${second} is the synchronous standby (${t.leader + t.syncStandby} ms)`);

  for (const site of DB_SITES) startHaproxy(layout, site);
  t.haproxy = await waitFor('both HAProxies routing to the leader', 30_000, async () =>
    (await Promise.all(DB_SITES.map((s) => routeWorks(layout, s)))).every(Boolean),
  );

  if (options.apps !== false) {
    // Both sites need the same secrets (identity provider keys and client secret, SMS
    // code key, signing keys, demo password); in production both mount them from one
    // secret store. Here dc-a (which also migrates and seeds) creates them on its first
    // start, and dc-b starts from a copy of dc-a's data folder.
    startApp(layout, 'dc-a');
    t.appA = await waitApp(layout, 'dc-a', 300_000);
    const dataB = path.join(siteDir(layout, 'dc-b'), 'app');
    if (!existsSync(dataB)) cpSync(path.join(siteDir(layout, 'dc-a'), 'app'), dataB, { recursive: true });
    startApp(layout, 'dc-b');
    t.appB = await waitApp(layout, 'dc-b', 120_000);
    log(`Salus serving at ${appUrl(layout, 'dc-a')} (dc-a) and ${appUrl(layout, 'dc-b')} (dc-b)`);
  }
  return t;
}

/** Waits for /health/ready; fails at once, with the log's tail, if the process died. */
export async function waitApp(layout: Layout, site: DbSite, timeoutMs: number): Promise<number> {
  return waitFor(`Salus in ${site}`, timeoutMs, async () => {
    if (livePid(layout, site, 'salus') === null) {
      const tail = existsSync(logFile(layout, site, 'salus'))
        ? readFileSync(logFile(layout, site, 'salus'), 'utf8').slice(-2_000)
        : '';
      throw new Error(`Salus in ${site} exited:\n${tail}`);
    }
    return appReady(layout, site);
  });
}

/** Restarts every process of a site that was lost (etcd, Patroni, HAProxy, Salus). */
export function startSite(layout: Layout, site: DbSite, options: { app: boolean }): void {
  startEtcd(layout, site);
  startPatroni(layout, site);
  startHaproxy(layout, site);
  if (options.app) startApp(layout, site);
}

/** Stops everything: Salus, HAProxy, Patroni (which stops PostgreSQL), stray postmasters, etcd. */
export async function down(layout: Layout): Promise<void> {
  const pids = (sites: readonly Site[], name: ProcName): number[] =>
    sites.map((s) => livePid(layout, s, name)).filter((p): p is number => p !== null);
  await stopPids(pids(DB_SITES, 'salus'), 15_000);
  await stopPids(pids(DB_SITES, 'haproxy'), 5_000);
  await stopPids(pids(DB_SITES, 'patroni'), 30_000);
  const postmasters = DB_SITES.map((s) => postmasterPid(layout, s)).filter((p): p is number => p !== null);
  await stopPids(postmasters, 10_000, 'SIGINT');
  await stopPids(pids(SITES, 'etcd'), 5_000);
  forgetPids(layout);
}
