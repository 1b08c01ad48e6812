import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from '../../deploy/ha/layout.ts';
import { openLayout, type Layout } from '../../deploy/ha/topology.ts';
import { startNationalSimulator, type NationalSimulator } from '../../src/fse2/index.ts';
import { outageDrill } from '../outage/drill.ts';
import { failoverDrill, rejoin } from './drill.ts';

/**
 * `npm run test:failover`: the two-site layout under continuous load through both
 * sites' HTTP APIs; kill -9 of every dc-a process at once; dc-a back as a replica
 * (pg_rewind); a switchover back; kill -9 of every dc-b process. Prints one JSON
 * line last, writes bench/results/failover.json, and exits 1 if a target is missed.
 *
 * `-- --outage-seconds S` (what `npm test` runs): then, on the same layout, dc-b is brought
 * back and the national outage drill runs for S seconds (test/outage/drill.ts; its JSON line
 * is then the last): one bring-up of the layout (about 2 minutes) instead of two.
 */
const { values } = parseArgs({ options: { 'outage-seconds': { type: 'string' } } });
const OUTAGE_MS = values['outage-seconds'] === undefined ? null : Number(values['outage-seconds']) * 1_000;
const DIR = process.env.SALUS_FAILOVER_DIR ?? path.join(tmpdir(), 'salus-failover');
const BASE_PORT = Number(process.env.SALUS_FAILOVER_BASE_PORT ?? 26500);
const REPO = path.resolve(import.meta.dirname, '../..');
const say = (message: string): void => {
  process.stderr.write(`failover: ${message}\n`);
};
const sayOutage = (message: string): void => {
  process.stderr.write(`outage: ${message}\n`);
};

function freshLayout(sim: NationalSimulator | null): Layout {
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
    appEnv: {
      RATE_LIMIT_SUBMIT_PER_IP: '1000000',
      LOG_LEVEL: 'warn',
      // The outage drill's national side; without it each Salus starts its own simulator (demo mode).
      // The failover drill publishes through ITI-65, which forwards nothing nationally, so either serves it.
      ...(sim === null ? {} : { FSE2_NATIONAL_GATEWAY_URL: sim.url }),
    },
  });
}

async function main(): Promise<number> {
  execFileSync('bash', [path.join(REPO, 'scripts/ensure-ha.sh')], { stdio: 'inherit' });
  // The static citizen pages must be served while the database is gone: build them if stale.
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build-web.ts')], { stdio: 'inherit' });
  const sim = OUTAGE_MS === null ? null : await startNationalSimulator({ port: BASE_PORT + 70 });
  const layout = freshLayout(sim);
  const stoppers: (() => Promise<void>)[] = [];
  const onInterrupt = (stop: () => Promise<void>): void => {
    stoppers.push(stop);
  };
  const teardown = async (): Promise<void> => {
    await Promise.all(stoppers.map((stop) => stop()));
    await down(layout);
    await sim?.close();
  };
  const onSignal = (): void => {
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const startedAt = Date.now();
    const upTimings = await up(layout, { log: say });
    const failoverPassed = await failoverDrill(layout, { say, startedAt, upTimings, onInterrupt });
    if (sim === null || OUTAGE_MS === null) return failoverPassed ? 0 : 1;

    // The drill left dc-a leading alone: dc-b back as its synchronous standby is the layout the outage needs.
    const outageStartedAt = Date.now();
    const back = await rejoin(layout, 'dc-b', sayOutage);
    const outagePassed = await outageDrill(layout, sim, OUTAGE_MS, {
      say: sayOutage,
      startedAt: outageStartedAt,
      upTimings: { rejoinDcB: back.rejoinMs },
      onInterrupt,
    });
    return failoverPassed && outagePassed ? 0 : 1;
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
