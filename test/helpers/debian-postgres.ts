import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEBIAN_PG_BIN = '/usr/lib/postgresql/15/bin';

export interface DebianPostgres {
  /** The superuser (postgres), database "postgres". */
  readonly url: string;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL 15 (the production version) in a folder of its own, as the OS user postgres. */
export async function startDebianPostgres(dir: string, port: number): Promise<DebianPostgres> {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  const dataDir = path.join(dir, 'pg15');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dataDir]);
  const pwFile = path.join(dir, 'pw');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
  execFileSync(
    path.join(DEBIAN_PG_BIN, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--locale=C'],
    {
      uid,
      gid,
      stdio: 'ignore',
    },
  );
  const child = spawn(
    path.join(DEBIAN_PG_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1'],
    {
      uid,
      gid,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { LC_ALL: 'C' },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`postgres 15 exited (${String(code)}): ${log}`));
    });
  });
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}
