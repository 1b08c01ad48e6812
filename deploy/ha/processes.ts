import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pgDataDir, type DbSite, type Layout, type Site } from './topology.ts';

/**
 * Every process of the layout is started detached, in a process group of its own,
 * with its pid recorded in `<dir>/pids/<site>.<name>.pid`. Stopping goes by those
 * pids only, after checking that the pid still runs a command naming the layout's
 * folder (a recycled pid is never signalled). PostgreSQL is started by Patroni in a
 * session of its own (so that it survives Patroni), and is found through the
 * postmaster.pid file in its data directory.
 */
export type ProcName = 'etcd' | 'patroni' | 'haproxy' | 'salus';

export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

export interface StartOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly user?: OsUser;
  readonly log: string;
}

const pidDir = (layout: Layout): string => path.join(layout.dir, 'pids');
const pidFile = (layout: Layout, site: Site, name: ProcName): string =>
  path.join(pidDir(layout), `${site}.${name}.pid`);

export function startProcess(layout: Layout, site: Site, name: ProcName, options: StartOptions): number {
  mkdirSync(pidDir(layout), { recursive: true });
  mkdirSync(path.dirname(options.log), { recursive: true });
  const fd = openSync(options.log, 'a');
  try {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd ?? layout.dir,
      // Only what the process needs: no PGPASSWORD (Patroni would ignore its pgpass).
      env: { ...options.env },
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(options.user === undefined ? {} : { uid: options.user.uid, gid: options.user.gid }),
    });
    if (child.pid === undefined) throw new Error(`could not start ${options.command} for ${site}`);
    child.unref();
    writeFileSync(pidFile(layout, site, name), `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** The command line of a live process, or null when it is gone (or a zombie). */
function cmdline(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z /.test(stat)) return null;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  return cmdline(pid) !== null;
}

/** The recorded pid when it still runs a command of this layout. */
export function livePid(layout: Layout, site: Site, name: ProcName): number | null {
  const file = pidFile(layout, site, name);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  const cmd = Number.isInteger(pid) && pid > 1 ? cmdline(pid) : null;
  return cmd !== null && (cmd.includes(layout.dir) || environNames(pid, layout.dir)) ? pid : null;
}

/** Salus's argv does not name the layout's folder; its environment does (SALUS_DATA_DIR). */
function environNames(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

/** The postmaster of a node when it runs from this layout's data directory. */
export function postmasterPid(layout: Layout, site: DbSite): number | null {
  const dataDir = pgDataDir(layout, site);
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  const cmd = Number.isInteger(pid) && pid > 1 ? cmdline(pid) : null;
  return cmd?.includes(dataDir) === true ? pid : null;
}

/**
 * The signal targets of a site: each process group (the group leader's pid negated),
 * so that children (postgres backends, pg_rewind, pg_basebackup) go with their parent.
 */
export function siteTargets(layout: Layout, site: Site): { name: string; pid: number }[] {
  const targets: { name: string; pid: number }[] = [];
  for (const name of ['salus', 'haproxy', 'patroni', 'etcd'] as const) {
    const pid = livePid(layout, site, name);
    if (pid !== null) targets.push({ name, pid });
  }
  if (site !== 'witness') {
    const pm = postmasterPid(layout, site);
    if (pm !== null) targets.push({ name: 'postgres', pid: pm });
  }
  return targets;
}

/** kill -9 of every process of a site in one burst (a data centre losing power). */
export function killSite(layout: Layout, site: Site): string[] {
  const targets = siteTargets(layout, site);
  for (const t of targets) signalGroup(t.pid, 'SIGKILL');
  return targets.map((t) => `${t.name}:${t.pid}`);
}

/** The process group of `pid` (field 5 of /proc/<pid>/stat), or null when it is gone. */
function groupOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isInteger(pgid) && pgid > 1 ? pgid : null;
  } catch {
    return null;
  }
}

/**
 * Signals the whole process group of `pid`. Patroni starts the postmaster through a
 * helper that calls setsid() and exits, so the postmaster's group is the helper's
 * pid, not its own: the group is read, not assumed.
 */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  const group = groupOf(pid);
  try {
    if (group !== null && group !== process.pid && group !== groupOf(process.pid)) process.kill(-group, signal);
    else process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `signal` (SIGINT is PostgreSQL's fast shutdown), then SIGKILL after `graceMs` for whatever is left. */
export async function stopPids(
  pids: readonly number[],
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  for (const pid of pids) signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isAlive)) signalGroup(pid, 'SIGKILL');
  while (pids.some(isAlive)) await sleep(50);
}

export function forgetPids(layout: Layout): void {
  if (!existsSync(pidDir(layout))) return;
  for (const f of readdirSync(pidDir(layout))) {
    const pid = Number(readFileSync(path.join(pidDir(layout), f), 'utf8').trim());
    if (!isAlive(pid)) rmSync(path.join(pidDir(layout), f), { force: true });
  }
}

/** Resolves to the ports of `ports` that something else already listens on (loopback). */
export async function busyPorts(ports: readonly number[]): Promise<number[]> {
  const { createServer } = await import('node:net');
  const busy: number[] = [];
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => {
        resolve(false);
      });
      server.listen(port, '127.0.0.1', () =>
        server.close(() => {
          resolve(true);
        }),
      );
    });
    if (!free) busy.push(port);
  }
  return busy;
}
