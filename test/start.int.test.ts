import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.ts';

const repo = path.resolve(import.meta.dirname, '..');
const node = path.join(repo, 'node_modules/.bin/node');
const work = mkdtempSync(path.join(tmpdir(), 'salus-start-'));
chmodSync(work, 0o755);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function startSalus(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(node, ['src/main.ts'], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

async function waitReady(base: string, started: Started): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready in 60 s:\n${started.output()}`);
}

/** The roles of the connections to the database "salus", seen by the embedded cluster's superuser. */
async function connectedRoles(
  pgPort: number,
  dataDir: string,
): Promise<{ roles: string[]; superuser: boolean; owns: number }> {
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const admin = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/salus`,
  });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ roles: string[]; superuser: boolean; owns: number }>(
      `SELECT array_agg(DISTINCT usename::text) AS roles,
         bool_or(r.rolsuper) AS superuser,
         -- Its session's temporary tables (the seed's COPY staging) are its own, and go with it.
         (SELECT count(*)::int FROM pg_class c
          WHERE c.relowner = ANY(array_agg(DISTINCT r.oid)) AND c.relpersistence <> 't') AS owns
       FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
       WHERE a.datname = 'salus' AND a.pid <> pg_backend_pid()`,
    );
    return rows[0] ?? { roles: [], superuser: true, owns: -1 };
  } finally {
    await admin.end();
  }
}

describe('npm start on the embedded default', () => {
  const dataDir = path.join(work, 'data');

  it('starts embedded PostgreSQL with demo data, and SIGINT stops everything', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      SALUS_PG_PORT: String(pgPort),
      SALUS_DATA_DIR: dataDir,
      SALUS_DEMO_CITIZENS: '2000',
    };
    const first = startSalus(env);
    await waitReady(`http://127.0.0.1:${port}`, first);
    const stats = (await (await fetch(`http://127.0.0.1:${port}/api/registry/stats`)).json()) as { citizens: number };
    expect(stats.citizens).toBe(2_004);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    // Demo mode (the default) with HOST unset: loopback only, and the log says so and why.
    expect(first.output()).toContain(`listening on 127.0.0.1:${port} (demo mode listens on loopback only`);
    // Salus connects as its own role: no superuser, owner of nothing (issue 16).
    expect(await connectedRoles(pgPort, dataDir)).toEqual({ roles: ['salus_app'], superuser: false, owns: 0 });

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    // PostgreSQL removes its pid file only when it has shut down.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // A second start reuses the data: no new cluster, no second seed.
    const second = startSalus(env);
    await waitReady(`http://127.0.0.1:${port}`, second);
    const again = (await (await fetch(`http://127.0.0.1:${port}/api/registry/stats`)).json()) as { citizens: number };
    expect(again.citizens).toBe(2_004);
    expect(second.output()).not.toContain('initialising a new PostgreSQL cluster');
    expect(second.output()).not.toContain('demo data seeded');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('refuses a bad setting, naming the variable and what it expects', async () => {
    const started = startSalus({ PORT: 'seventy', SALUS_DATA_DIR: dataDir });
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain('PORT="seventy" is invalid: expected an integer port from 0 to 65535');
  });

  it('explains clearly when PostgreSQL could not reach the data directory', async () => {
    const closed = path.join(work, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const started = startSalus({ PORT: String(await freePort()), SALUS_DATA_DIR: path.join(closed, 'data') });
    expect(await started.exited).toBe(3);
    expect(started.output()).toContain(`${closed} is not searchable by that user`);
    expect(started.output()).toContain('SALUS_DATA_DIR');
  });
});
