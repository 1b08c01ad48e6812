import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from '../../deploy/ha/layout.ts';
import { openLayout, type Layout } from '../../deploy/ha/topology.ts';
import { startNationalSimulator } from '../../src/fse2/index.ts';
import { outageDrill } from './drill.ts';

/**
 * `npm run test:outage [-- --minutes 10 | --seconds 45]` (issue 20 item 4): the national Gateway simulator goes
 * down for the outage while the hospital's system publishes at a steady pace through both sites' Gateway API;
 * a third of the way in, every process of dc-a (the leader's site) is killed (kill -9, the failover layout);
 * dc-b carries on. Each document is read back locally right after its acknowledgement. When the national side
 * returns, the backlog must drain in order, with nothing lost or sent twice, and the oldest-age gauge must have
 * counted from acceptance. Prints one JSON line last, writes bench/results/outage.json, exits 1 on a miss.
 * This runner brings up a layout of its own; `npm test` runs the short form on the failover drill's layout
 * instead (test/failover/run.ts --outage-seconds), which saves a second bring-up (about 2 minutes).
 */
const { values } = parseArgs({ options: { minutes: { type: 'string' }, seconds: { type: 'string' } } });
const OUTAGE_MS =
  values.seconds === undefined ? Number(values.minutes ?? '10') * 60_000 : Number(values.seconds) * 1_000;
const DIR = process.env.SALUS_OUTAGE_DIR ?? path.join(tmpdir(), 'salus-outage');
const BASE_PORT = Number(process.env.SALUS_OUTAGE_BASE_PORT ?? 26700);
const REPO = path.resolve(import.meta.dirname, '../..');
const say = (message: string): void => {
  process.stderr.write(`outage: ${message}\n`);
};

function freshLayout(simulatorUrl: string): Layout {
  if (existsSync(path.join(DIR, 'secrets.json'))) {
    execFileSync(process.execPath, [path.join(REPO, 'deploy/ha/down.ts')], {
      env: { ...process.env, SALUS_HA_DIR: DIR, SALUS_HA_BASE_PORT: String(BASE_PORT) },
      stdio: 'ignore',
    });
  }
  rmSync(DIR, { recursive: true, force: true });
  // A small population: the drill publishes for one national test patient only.
  return openLayout({
    dir: DIR,
    basePort: BASE_PORT,
    demoCitizens: 300,
    appEnv: { FSE2_NATIONAL_GATEWAY_URL: simulatorUrl, LOG_LEVEL: 'warn', RATE_LIMIT_SUBMIT_PER_IP: '1000000' },
  });
}

async function main(): Promise<number> {
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build-web.ts')], { stdio: 'inherit' });
  const sim = await startNationalSimulator({ port: BASE_PORT + 70 });
  const layout = freshLayout(sim.url);
  const stoppers: (() => Promise<void>)[] = [];
  const teardown = async (): Promise<void> => {
    await Promise.all(stoppers.map((stop) => stop()));
    await down(layout);
    await sim.close();
  };
  process.once('SIGINT', () => void teardown().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void teardown().finally(() => process.exit(143)));
  try {
    const startedAt = Date.now();
    const upTimings = await up(layout, { log: say });
    const passed = await outageDrill(layout, sim, OUTAGE_MS, {
      say,
      startedAt,
      upTimings,
      onInterrupt: (stop) => {
        stoppers.push(stop);
      },
    });
    return passed ? 0 : 1;
  } finally {
    await teardown();
  }
}

main().then(
  (code) => {
    if (code === 0) rmSync(DIR, { recursive: true, force: true });
    process.exit(code);
  },
  (error: unknown) => {
    say(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)} (logs kept in ${DIR})`);
    process.exit(1);
  },
);
