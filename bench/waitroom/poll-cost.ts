import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startPlatform } from '../../src/platform.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { RESULTS_DIR } from '../lib/report.ts';

/**
 * `npm run bench:poll [-- --people 3000 --polls 20000 --concurrency 16 --rate 0 --cpu-prof]`: what one poll of
 * the waiting room costs the API server (issue 21). The whole platform (every module's hooks, as `npm start`) runs
 * in this process on a fresh database; `people` join a room whose admission is paused, at a rate that makes their
 * waits those of a 75,000-person room at 60 admissions/s (up to ~20 minutes, so most answers also record the poll);
 * a client process polls with their tickets, each answer's ticket replacing the one sent. The server's CPU per poll
 * is process.cpuUsage() over the polls, less this process's idle CPU (refresh loop, job worker) over as long.
 * `--cpu-prof` samples the polls with the inspector and writes bench/results/poll-cost.cpuprofile, and prints the
 * functions with the most self time.
 */
const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    polls: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    // Polls per second, from 500 source addresses (as bench:opening-day); 0: as fast as `concurrency` loops go.
    rate: { type: 'string', default: '0' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const CAMPAIGN = 'poll-cost';
const people = Number(values.people);

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const database = await benchDatabase('poll_cost');
const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-poll-cost-'));
const port = await freePort();
const config = loadConfig({
  DATABASE_URL: database.url,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  SALUS_DATA_DIR: dataDir,
  SALUS_DEMO: 'false',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
});
const platform = await startPlatform(config, pino({ level: 'warn' }));
const base = `http://127.0.0.1:${port}/api/waitroom/${CAMPAIGN}`;
try {
  await sql`INSERT INTO campaigns (code, name, products, opens_at, planned_weekly_capacity)
            VALUES (${CAMPAIGN}, 'poll cost', '{Comirnaty}', now() - interval '1 day', 1000)`.execute(
    platform.db.kysely,
  );
  // Opened a minute ago, paused: nobody is admitted. people x 0.4 s of wait at the back, as 75,000 at 60/s.
  await sql`INSERT INTO waitrooms (campaign_code, active, opens_at, admit_per_minute, hold_seconds, paused)
            VALUES (${CAMPAIGN}, true, now() - interval '1 minute', ${Math.ceil(people / 20)}, 300, true)`.execute(
    platform.db.kysely,
  );
  for (let open = false; !open;) {
    const room = await fetch(base);
    open = room.status === 200 && ((await room.json()) as { open: boolean }).open;
    if (!open) await sleep(200);
  }
  const tickets: string[] = [];
  while (tickets.length < people) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, people - tickets.length) }, async () => {
        const r = await fetch(`${base}/join`, { method: 'POST' });
        return ((await r.json()) as { ticket?: string }).ticket ?? '';
      }),
    );
    tickets.push(...batch);
  }
  type Done = { polls: number; failures: number; sample: string };
  // A client process per run (it exits when done): polls `polls` times; `measure` runs once it is ready.
  const run = async (polls: number, rate: number, measure: () => void = () => undefined): Promise<Done> => {
    const client = fork(path.join(import.meta.dirname, 'poll-client.ts'), [], { stdio: 'inherit' });
    await new Promise((resolve) => client.once('spawn', resolve));
    const done = new Promise<Done>((resolve) => {
      client.once('message', (m) => {
        resolve(m as Done);
      });
    });
    measure();
    const concurrency = Number(values.concurrency);
    const url = `http://127.0.0.1:${port}`;
    client.send({ kind: 'go', url, campaign: CAMPAIGN, tickets, polls, concurrency, rate });
    return done;
  };
  // Warm-up (JIT, sockets), then this process's idle CPU per second, then the measured polls.
  await run(Math.min(5_000, Number(values.polls)), 0);
  const idleFrom = cpuUs();
  const idleStart = performance.now();
  await sleep(3_000);
  const idleUsPerMs = (cpuUs() - idleFrom) / (performance.now() - idleStart);
  const session = values['cpu-prof'] ? new Session() : null;
  if (session !== null) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  let from = 0;
  let fromParts = process.cpuUsage();
  let fromMain = process.threadCpuUsage();
  let started = 0;
  const done = run(Number(values.polls), Number(values.rate), () => {
    from = cpuUs();
    fromParts = process.cpuUsage();
    fromMain = process.threadCpuUsage();
    started = performance.now();
  });
  const result = await done;
  const elapsedMs = performance.now() - started;
  const usedUs = cpuUs() - from;
  const parts = process.cpuUsage(fromParts);
  const main = process.threadCpuUsage(fromMain);
  if (session !== null) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'poll-cost.cpuprofile'), JSON.stringify(profile));
    printTopSelf(profile);
  }
  const netUs = usedUs - idleUsPerMs * elapsedMs;
  const figures = {
    people,
    polls: result.polls,
    failures: result.failures,
    pollsPerSecond: Math.round((result.polls * 1000) / elapsedMs),
    serverCpuUsPerPoll: Math.round(usedUs / result.polls),
    // Kernel time (sockets, wake-ups) and the main thread's share (the rest: GC and libuv threads).
    systemUsPerPoll: Math.round(parts.system / result.polls),
    mainThreadUsPerPoll: Math.round((main.user + main.system) / result.polls),
    idleCpuPercentOfOneCore: Number((idleUsPerMs / 10).toFixed(2)),
    serverCpuUsPerPollNetOfIdle: Math.round(netUs / result.polls),
    profiled: session !== null,
  };
  if (result.failures > 0) process.stderr.write(`failed polls, e.g.: ${result.sample}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await platform.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The 25 functions with the most self time in the profile, in % of the samples. */
function printTopSelf(profile: { nodes: ProfileNode[]; samples?: number[] }): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  for (const id of samples) {
    const frame = byId.get(id)?.callFrame;
    const file = frame?.url.replace(/^.*node_modules\//, '');
    const where =
      frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${file ?? ''}:${frame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + 1);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [where, count] of top)
    process.stdout.write(`${((100 * count) / samples.length).toFixed(1).padStart(5)}% ${where}\n`);
}
