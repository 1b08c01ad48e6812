import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { down, up } from './layout.ts';
import { defaultLayout, portsOf } from './topology.ts';

/**
 * `npm run ha:up`: installs the Debian packages when missing, then starts etcd in
 * dc-a, dc-b and witness, Patroni + PostgreSQL 15 and HAProxy in dc-a and dc-b, and
 * Salus in both sites, all on 127.0.0.1 under `.salus-ha/` (SALUS_HA_DIR,
 * SALUS_HA_BASE_PORT). Running it again keeps what already runs.
 */
const repo = path.resolve(import.meta.dirname, '../..');
execFileSync('bash', [path.join(repo, 'scripts/ensure-ha.sh')], { stdio: 'inherit' });
// As `npm start` does; without a built web app Salus still serves the API.
const web = spawnSync(process.execPath, [path.join(repo, 'scripts/build-web.ts')], { stdio: 'inherit', cwd: repo });
if (web.status !== 0) process.stderr.write('ha:up: the web app did not build; Salus will serve the API only\n');
const layout = defaultLayout();
try {
  await up(layout, {
    log: (m) => {
      process.stdout.write(`ha:up: ${m}\n`);
    },
  });
} catch (error) {
  process.stderr.write(
    `ha:up failed: ${error instanceof Error ? error.message : String(error)}\n` +
      `logs: ${layout.dir}/<site>/log/; stopping what started…\n`,
  );
  await down(layout);
  process.exit(1);
}
const a = portsOf(layout, 'dc-a');
const b = portsOf(layout, 'dc-b');
process.stdout.write(
  [
    `ha:up: layout in ${layout.dir}`,
    `  dc-a  Salus http://127.0.0.1:${a.app}  HAProxy :${a.haproxy}  PostgreSQL :${a.postgres}  ` +
      `Patroni http://127.0.0.1:${a.patroni}  etcd :${a.etcdClient}`,
    `  dc-b  Salus http://127.0.0.1:${b.app}  HAProxy :${b.haproxy}  PostgreSQL :${b.postgres}  ` +
      `Patroni http://127.0.0.1:${b.patroni}  etcd :${b.etcdClient}`,
    `  witness etcd :${portsOf(layout, 'witness').etcdClient}`,
    `  patronictl -c ${layout.dir}/dc-a/patroni.yml list    # cluster state`,
    '  npm run ha:down                                        # stops everything',
    '',
  ].join('\n'),
);
