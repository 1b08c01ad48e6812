import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../../src/db/database.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { arrivalSchedule, mulberry32 } from './arrivals.ts';
import { measureWriteCapacity } from './pg-capacity.ts';
import { committedTransactions, measureTwoInserts, waitForBackendsToExit } from './pg-measure.ts';
import { pauseRoom, serverAllocatorSetting, startAllocator, type AllocatorMode } from './phases.ts';
import { nextMessage, postmasterOf, REPO_ROOT, startNode, waitFor, type Child } from './processes.ts';
import type { LoadgenGo, LoadgenInit, LoadgenMessage, LoadgenResults, PersonInput } from './protocol.ts';
import { startSampler } from './sampler.ts';
import { CAMPAIGN, prepareDatabase } from './setup.ts';
import { checkEnrollments, smsFigures, type Correctness } from './verify.ts';
import type { Sampled } from './sampler.ts';

export interface OpeningDayOptions {
  readonly citizens: number;
  readonly minutes: number;
  readonly servers: 1 | 2;
  /** The admission rate, or with `adaptiveTargetMs` its ceiling. */
  readonly admitPerMinute: number;
  /** Adaptive admission keeping the enrollment p95 under this; null for the fixed rate. */
  readonly adaptiveTargetMs: number | null;
  /** Simulated SMSC time per real time: 20 makes the 50-minute tail 2.5 minutes. */
  readonly timeScale: number;
  readonly poolMax: number;
  readonly holdSeconds: number;
  readonly smsRates: { readonly a: number; readonly b: number };
  /** Seconds of the PostgreSQL write-capacity measurement (0: skip). */
  readonly capacitySeconds: number;
  readonly log: (line: string) => void;
  /** Admission paused for this many seconds from the opening (the room phase; default 0: none). */
  readonly roomPhaseSeconds?: number;
  /** Stop everyone at the end of the room phase (measures the room alone). */
  readonly roomOnly?: boolean;
  /** Default 'separate': the allocator in its own process. */
  readonly allocator?: AllocatorMode;
}

export interface OpeningDayRaw {
  readonly options: OpeningDayOptions;
  readonly openAt: number;
  readonly results: LoadgenResults;
  readonly sampled: Sampled;
  readonly correctness: Correctness;
  readonly sms: Awaited<ReturnType<typeof smsFigures>>;
  readonly capacity: {
    readonly sameTransactions: Awaited<ReturnType<typeof measureWriteCapacity>>;
    /** The reference: a pgbench-style transaction of two inserts, in the same run. */
    readonly twoInserts: Awaited<ReturnType<typeof measureTwoInserts>>;
  } | null;
  /** Transactions committed in the benchmark's database from the opening's set-up until the servers stopped. */
  readonly commits: number;
  /** Whether PostgreSQL's CPU is that of the benchmark's own cluster (false: every postgres process on the machine). */
  readonly postgresCpuOwnCluster: boolean;
  readonly bypassRefused: boolean;
  readonly servers: number;
  /** CPU seconds of the allocator's own process over the run (mode 'separate'; null otherwise). */
  readonly allocatorCpuSeconds: number | null;
}

// The 2021 tail: 2% of codes late, up to 50 minutes (spread over four delays).
const TAIL = [5, 15, 30, 50].map((minutes) => ({ p: 0.005, delayMs: minutes * 60_000 }));

export async function runOpeningDay(options: OpeningDayOptions): Promise<OpeningDayRaw> {
  const o = { roomPhaseSeconds: 0, roomOnly: false, allocator: 'separate' as const, ...options };
  const work = mkdtempSync(path.join(tmpdir(), 'salus-opening-day-'));
  const children: Child[] = [];
  // Ctrl-C during the run: stop the servers, the load generator and PostgreSQL rather than orphan them.
  let cancel = (error: Error): void => {
    o.log(error.message);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cancel(new Error(`${signal}: stopping the benchmark`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const database = await benchDatabase('opening_day');
  const db = createDb({ url: database.url, poolMax: 4, applicationName: 'bench-orchestrator' });
  // Reads the database's commit count around the run (pg_stat_database).
  let observer: pg.Client | null = null;
  try {
    o.log(`seeding ${o.citizens} over-80 citizens…`);
    const citizens = await prepareDatabase(db, {
      count: o.citizens,
      openAt: new Date(Date.now() + 86_400_000),
      admitPerMinute: o.admitPerMinute,
      holdSeconds: o.holdSeconds,
      adaptiveTargetMs: o.adaptiveTargetMs,
    });
    if (citizens.length < o.citizens) throw new Error(`only ${citizens.length} citizens were seeded`);
    const windowMs = o.minutes * 60_000;
    const arrivals = arrivalSchedule(citizens.length, windowMs, 2021);
    const order = mulberry32(215);
    const shuffled = citizens
      .map((c) => ({ c, k: order() }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.c);
    const people: PersonInput[] = shuffled.map((c, i) => ({ ...c, at: Math.round(arrivals[i] ?? 0) }));
    const peopleFile = path.join(work, 'people.json');
    writeFileSync(peopleFile, JSON.stringify(people));

    const loadgen = startNode('bench/opening-day/loadgen.ts', {}, path.join(work, 'loadgen.log'), true);
    children.push(loadgen);
    const providers = [
      { systemId: 'salus-a', password: 'salus-a' },
      { systemId: 'salus-b', password: 'salus-b' },
    ];
    const ready = nextMessage<Extract<LoadgenMessage, { kind: 'ready' }>>(loadgen, 'ready', 30_000);
    loadgen.process.send({
      kind: 'init',
      people: citizens.length,
      timeScale: o.timeScale,
      tail: TAIL,
      providers,
    } satisfies LoadgenInit);
    const { ports } = await ready;

    const dataDir = path.join(work, 'data');
    const urls: string[] = [];
    const serverChildren: Child[] = [];
    for (let i = 0; i < o.servers; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const server = startNode(
        'src/main.ts',
        {
          NODE_ENV: 'production',
          DATABASE_URL: database.url,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          SALUS_DATA_DIR: dataDir,
          SALUS_DEMO: 'false',
          LOG_LEVEL: 'warn',
          DB_POOL_MAX: String(o.poolMax),
          RATE_LIMIT_SUBMIT_PER_IP: '1000000',
          RATE_LIMIT_VERIFY_PER_IP: '1000000',
          SMS_SIMULATOR: 'false',
          SMS_A_PORT: String(ports[0] ?? 0),
          SMS_B_PORT: String(ports[1] ?? 0),
          SMS_A_RATE: String(o.smsRates.a),
          SMS_B_RATE: String(o.smsRates.b),
          SHUTDOWN_GRACE_MS: '5000',
          ALLOCATOR: serverAllocatorSetting(o.allocator),
          // e.g. BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a server spends its CPU.
          ...(process.env.BENCH_SERVER_NODE_OPTIONS === undefined
            ? {}
            : { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
        },
        path.join(work, `server-${i + 1}.log`),
      );
      children.push(server);
      serverChildren.push(server);
      // One after the other: the first creates the shared keys in the data folder.
      await waitFor(`${url}/health/ready`, server, 90_000);
      urls.push(url);
    }
    const first = urls[0] ?? '';
    const allocator =
      o.allocator === 'separate'
        ? startAllocator({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', ALLOCATOR: 'separate' }, work)
        : null;
    if (allocator !== null) children.push(allocator.child);
    if ((await fetch(`${first}/api/waitroom/${CAMPAIGN}`)).status !== 200) {
      throw new Error(
        'the waiting room is not wired into src/platform.ts (GET /api/waitroom/:code answers 404): see ' +
          'src/waitroom/index.ts',
      );
    }
    // No bypass, checked on the real server: enrolling without an admission token.
    const bypass = await fetch(`${first}/api/campaigns/${CAMPAIGN}/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        fiscalCode: citizens[0]?.cf,
        healthCardNumber: citizens[0]?.card,
        mobilePhone: citizens[0]?.phone,
      }),
    });
    const bypassRefused = bypass.status === 403 && (await bypass.text()).includes('waitroom.admission_required');
    if (!bypassRefused)
      o.log(
        `WARNING: enrolling without an admission token answered ${bypass.status}: the guard is not wired into ` +
          `the drafts route`,
      );

    // The server's own dispatcher sends the SMS, over SMPP, to the load generator's SMSCs.
    if ((await fetch(`${first}/api/notify/queue`)).status !== 200)
      throw new Error('the notify module (SMS dispatcher) is not running in the server');
    const pagePath = existsSync(path.join(REPO_ROOT, 'web/dist/sala-attesa.html')) ? '/sala-attesa.html' : null;

    // The room opens once everything is up; the first arrivals come a tenth of the window before.
    const openAt = Date.now() + windowMs / 10 + 3_000;
    await sql`UPDATE waitrooms SET opens_at = ${new Date(openAt)} WHERE campaign_code = ${CAMPAIGN}`.execute(db.kysely);
    const phase = o.roomPhaseSeconds > 0 ? await pauseRoom(db.kysely, openAt, o.roomPhaseSeconds, !o.roomOnly) : null;
    // Until everyone is through: at least the window plus three resends and the 50-minute tail
    // (scaled), at most 40 minutes; the load generator stops earlier if nothing moves for 2 minutes.
    const tailMs = ((3 * 15 + 50) * 60_000) / o.timeScale + 60_000;
    const deadline = o.roomOnly
      ? openAt + o.roomPhaseSeconds * 1000
      : openAt + o.roomPhaseSeconds * 1000 + Math.max(windowMs * 0.9 + tailMs, 40 * 60_000);
    const postmaster = await postmasterOf(database.url);
    observer = new pg.Client({ connectionString: database.url, application_name: 'bench-orchestrator' });
    await observer.connect();
    const commitsBefore = await committedTransactions(observer);
    const sampler = startSampler({
      servers: serverChildren.map((s) => s.pid),
      loadgen: loadgen.pid,
      roomUrl: `${first}/api/waitroom/${CAMPAIGN}`,
      openAt,
      postmaster,
    });
    const resultsFile = path.join(work, 'results.json');
    allocator?.mark();
    loadgen.process.on('message', (m: LoadgenMessage) => {
      if (m.kind === 'progress' && Math.round(m.at / 1000) % 10 === 0)
        o.log(`t=${Math.round(m.at / 1000)}s ${JSON.stringify(m.counts)}`);
    });
    const done = nextMessage(loadgen, 'done', deadline - Date.now() + 180_000);
    const interrupted = new Promise<never>((_resolve, reject) => {
      cancel = reject;
    });
    interrupted.catch(() => undefined);
    loadgen.process.send({
      kind: 'go',
      servers: urls,
      socketsPerSource: 2,
      campaign: CAMPAIGN,
      openAt,
      deadline,
      timeScale: o.timeScale,
      peopleFile,
      resultsFile,
      pagePath,
      seed: 6,
      abandonShare: 0.01,
      reloadShare: 0.03,
      linkShare: 0.15,
      pausedUntil: openAt + o.roomPhaseSeconds * 1000,
    } satisfies LoadgenGo);
    await Promise.race([done, interrupted]);
    cancel = (error) => {
      o.log(`${error.message} once the measurements end`);
    };
    const sampled = sampler.stop();
    phase?.cancel();
    const allocatorCpuSeconds = allocator?.cpuSeconds() ?? null;
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as LoadgenResults;
    const correctness = await checkEnrollments(db.kysely, results.persons);
    const sms = await smsFigures(db.kysely);
    for (const server of serverChildren) await server.stop();
    // A backend writes its commit count when it exits: read once the servers' connections are gone.
    await waitForBackendsToExit(observer, 'bench-orchestrator');
    const commits = (await committedTransactions(observer)) - commitsBefore;
    await observer.end();
    observer = null;
    loadgen.process.send({ kind: 'stop' });
    await loadgen.stop(10_000);

    let capacity: OpeningDayRaw['capacity'] = null;
    if (o.capacitySeconds > 0) {
      o.log('measuring PostgreSQL write capacity for the same transactions…');
      // Let autovacuum and the checkpointer settle after the run.
      await sql`CHECKPOINT`.execute(db.kysely).catch(() => undefined);
      // Each measurement enrolls the same people in a campaign of its own.
      const sameTransactions = await measureWriteCapacity(database.url, citizens, {
        seconds: o.capacitySeconds,
        connections: 32,
        postmaster,
      });
      const twoInserts = await measureTwoInserts(database.url, { seconds: o.capacitySeconds, postmaster });
      capacity = { sameTransactions, twoInserts };
    }
    return {
      options: o,
      openAt,
      results,
      sampled,
      correctness,
      sms,
      capacity,
      commits,
      postgresCpuOwnCluster: postmaster !== undefined,
      bypassRefused,
      servers: o.servers,
      allocatorCpuSeconds,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const child of children.reverse()) await child.stop(5_000).catch(() => undefined);
    await observer?.end().catch(() => undefined);
    await db.close();
    await database.close();
    if (process.env.BENCH_KEEP_LOGS === undefined) rmSync(work, { recursive: true, force: true });
    else o.log(`logs kept in ${work}`);
  }
}
