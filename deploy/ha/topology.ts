import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The two-site layout on one machine: every site's processes on 127.0.0.1 with ports
 * derived from one base port, so several layouts (a demo and the failover test) can
 * run side by side. On real hosts each site gets its own address and the same ports.
 */
export const SITES = ['dc-a', 'dc-b', 'witness'] as const;
export type Site = (typeof SITES)[number];
/** The sites that hold a PostgreSQL node, a HAProxy and the Salus processes. */
export const DB_SITES = ['dc-a', 'dc-b'] as const;
export type DbSite = (typeof DB_SITES)[number];

export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const PATRONI_SCOPE = 'salus';

export interface SitePorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly postgres: number;
  readonly patroni: number;
  readonly haproxy: number;
  readonly app: number;
}

export interface Secrets {
  readonly superuser: string;
  readonly replication: string;
  readonly rewind: string;
  /** salus_owner: migrations. */
  readonly owner: string;
  /** salus_app: the running application. */
  readonly app: string;
  readonly restapi: string;
}

export interface Layout {
  /** Everything the layout writes lives here: data, configs, logs, pid files. */
  readonly dir: string;
  readonly basePort: number;
  readonly secrets: Secrets;
  /** The demo population each site's app seeds (only the first start seeds). */
  readonly demoCitizens: number;
  /** Extra environment for the Salus processes (rate limits in tests, log level). */
  readonly appEnv: Readonly<Record<string, string>>;
}

export function portsOf(layout: Pick<Layout, 'basePort'>, site: Site): SitePorts {
  const i = SITES.indexOf(site);
  const b = layout.basePort;
  return {
    etcdClient: b + i,
    etcdPeer: b + 10 + i,
    postgres: b + 20 + i,
    patroni: b + 30 + i,
    haproxy: b + 40 + i,
    app: b + 50 + i,
  };
}

export const siteDir = (layout: Layout, site: Site): string => path.join(layout.dir, site);
export const pgDataDir = (layout: Layout, site: DbSite): string => path.join(layout.dir, site, 'pg', 'data');
export const logFile = (layout: Layout, site: Site, proc: string): string =>
  path.join(layout.dir, site, 'log', `${proc}.log`);
export const appUrl = (layout: Layout, site: DbSite): string => `http://127.0.0.1:${portsOf(layout, site).app}`;
export const patroniUrl = (layout: Layout, site: DbSite): string => `http://127.0.0.1:${portsOf(layout, site).patroni}`;
export const etcdEndpoints = (layout: Layout): string[] =>
  SITES.map((s) => `127.0.0.1:${portsOf(layout, s).etcdClient}`);

/** The application's connection (salus_app): through its own site's HAProxy, which follows the leader. */
export function appDatabaseUrl(layout: Layout, site: DbSite): string {
  return `postgres://salus_app:${layout.secrets.app}@127.0.0.1:${portsOf(layout, site).haproxy}/salus`;
}

/** The owner role's connection (salus_owner), for the migrations each Salus process runs at start. */
export function ownerDatabaseUrl(layout: Layout, site: DbSite): string {
  return `postgres://salus_owner:${layout.secrets.owner}@127.0.0.1:${portsOf(layout, site).haproxy}/salus`;
}

/** The superuser's connection to one node directly (checks and setup only). */
export function nodeSuperuserUrl(layout: Layout, site: DbSite, database = 'postgres'): string {
  return `postgres://postgres:${layout.secrets.superuser}@127.0.0.1:${portsOf(layout, site).postgres}/${database}`;
}

/** Through a site's HAProxy as the superuser: reaches whichever node leads now. */
export function leaderSuperuserUrl(layout: Layout, site: DbSite, database = 'salus'): string {
  return `postgres://postgres:${layout.secrets.superuser}@127.0.0.1:${portsOf(layout, site).haproxy}/${database}`;
}

/**
 * Opens (or creates) the layout in `dir`. Passwords are random per layout and kept in
 * `<dir>/secrets.json` (mode 0600) so that `ha:down` and a later `ha:up` reuse them.
 */
export function openLayout(options: {
  dir: string;
  basePort: number;
  demoCitizens: number;
  appEnv?: Record<string, string>;
}): Layout {
  mkdirSync(options.dir, { recursive: true, mode: 0o755 });
  const file = path.join(options.dir, 'secrets.json');
  const pw = (): string => randomBytes(18).toString('base64url');
  const fresh: Secrets = { superuser: pw(), replication: pw(), rewind: pw(), owner: pw(), app: pw(), restapi: pw() };
  // A layout from before a secret existed (the owner role, issue 16) gets it added.
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>) : {};
  const secrets: Secrets = { ...fresh, ...kept };
  if (Object.keys(kept).length !== Object.keys(secrets).length) {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    dir: path.resolve(options.dir),
    basePort: options.basePort,
    secrets,
    demoCitizens: options.demoCitizens,
    appEnv: options.appEnv ?? {},
  };
}

/** `ha:up` / `ha:down` defaults: `.salus-ha/` in the checkout, ports 25400-25452. */
export function defaultLayout(env: NodeJS.ProcessEnv = process.env): Layout {
  return openLayout({
    dir: env.SALUS_HA_DIR ?? path.resolve(import.meta.dirname, '../../.salus-ha'),
    basePort: Number(env.SALUS_HA_BASE_PORT ?? 25400),
    demoCitizens: Number(env.SALUS_DEMO_CITIZENS ?? 20_000),
  });
}
