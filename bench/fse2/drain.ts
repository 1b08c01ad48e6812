/**
 * Drain rate of a national backlog (issue 20 benchmark; ADR 0014 "Drain rate"). The national Gateway simulator
 * runs in its own process with a capacity (requests/s; above it 429 + Retry-After). While it is down, `backlog`
 * forwards are written to the outbox through the forward module's own enqueue (the statement a publication's
 * transaction runs), 1,000 per transaction, instead of publishing each document through the Gateway: the drain
 * is what is measured, and 100,000 full publications would take an hour here. 1 in 50 documents is followed,
 * 300 rows later, by a metadata update and a replacement (chains of three, for the order check). Then the side
 * comes back and the relay (paced at the capacity, the region's national quota) drains it.
 * First an unlimited phase (capacity 0, relay unpaced) measures the simulator's and the relay's CPU per request.
 */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createForwarder, type ForwardChange, type Forwarder } from '../../src/fse2/index.ts';
import { renderReport } from '../../src/records/demo/pdf.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { checkDrain, type DrainCheck } from './drain-check.ts';
import { simulatorProcess } from './sim-process.ts';

export interface DrainPhase {
  readonly forwards: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly throttled: number;
  /** CPU per forward: the relay's process (relay + its database client) and the simulator's. */
  readonly relayCpuMsPerForward: number;
  readonly simulatorCpuMsPerRequest: number;
  /** Transactions committed per forward (pg_stat_database.xact_commit): claims and batched marks. */
  readonly commitsPerForward: number;
}

interface SimStats {
  accepted: number;
  refused: number;
  throttled: number;
  duplicates: number;
  cpuMs: number;
}

const body = (identificativoDoc: string) => ({
  tipologiaStruttura: 'Ospedale',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC001',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: '2.16.840.1.113883.2.9.2.30.4.3.BENCH',
  identificativoDoc,
  identificativoRep: '2.16.840.1.113883.2.9.2.30.4.5.1',
});
const CLAIMS = {
  sub: 'PRVMDC80A01F205X^^^&2.16.840.1.113883.2.9.4.3.2&ISO',
  subject_role: 'AAS',
  purpose_of_use: 'TREATMENT',
  action_id: 'CREATE',
  person_id: 'RSSGPP70H47H501H^^^&2.16.840.1.113883.2.9.4.3.2&ISO',
  patient_consent: true,
  subject_organization: 'Regione Lombardia',
  subject_organization_id: '030',
  subject_application_id: 'BENCH',
  subject_application_vendor: 'Salus',
  subject_application_version: '1',
};

/** `rows` changes in publication order: creations, and every 50th document's update and replacement later. */
function* changes(run: string, rows: number, pdf: Buffer): Generator<ForwardChange> {
  const later: ForwardChange[][] = [];
  let made = 0;
  for (let doc = 0; made < rows; doc++) {
    const id = `2.16.840.1.113883.2.9.2.30.4.4^${run}.${doc}`;
    const create = { target: null, requestBody: body(id), claims: CLAIMS, file: pdf, documentReferenceId: id };
    yield { operation: 'create', identificativoDoc: id, ...create };
    made++;
    if (doc % 50 === 0) {
      // The metadata DTO has neither identificativoDoc nor identificativoRep.
      const metadata: Record<string, unknown> = { ...body(id) };
      delete metadata.identificativoDoc;
      delete metadata.identificativoRep;
      const next = `${id}.v2`;
      later[doc + 300] = [
        { ...create, operation: 'metadata', identificativoDoc: id, target: id, requestBody: metadata, file: null },
        { ...create, operation: 'replace', identificativoDoc: next, target: id, requestBody: body(next) },
      ];
    }
    for (const change of later[doc] ?? []) {
      if (made >= rows) return;
      yield change;
      made++;
    }
  }
}

async function fill(db: Kysely<unknown>, forwarder: Forwarder, all: Iterable<ForwardChange>): Promise<void> {
  let chunk: ForwardChange[] = [];
  const write = (list: ForwardChange[]) =>
    db.transaction().execute(async (trx) => {
      for (const change of list) await forwarder.repository.enqueue(trx, change);
    });
  for (const change of all) {
    chunk.push(change);
    if (chunk.length === 1_000) {
      await write(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(chunk);
}

const commits = async (db: Kysely<unknown>): Promise<number> => {
  await sql`SELECT pg_stat_clear_snapshot()`.execute(db);
  const r = await sql<{ n: string }>`
    SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0);
};

/** Starts a relay, waits until the simulator has taken `expected` more requests, and times it. */
async function drain(
  ctx: {
    db: Kysely<unknown>;
    sim: ReturnType<typeof simulatorProcess>;
    url: string;
    pace: number;
    log: (line: string) => void;
  },
  expected: number,
): Promise<DrainPhase> {
  const before = await ctx.sim.ask<SimStats>('stats');
  const commitsBefore = await commits(ctx.db);
  const forwarder = relay(ctx.db, ctx.url, ctx.pace);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await forwarder.start();
  let now = before;
  let shown = start;
  // Refusals count as answered (none is expected: the check reports them as lost), so a bad row cannot hang it.
  const answered = (s: SimStats) => s.accepted + s.refused - before.accepted - before.refused;
  while (answered(now) < expected) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await ctx.sim.ask<SimStats>('stats');
    if (performance.now() - shown > 10_000) {
      shown = performance.now();
      ctx.log(`  …${now.accepted - before.accepted} of ${expected} taken, ${now.throttled - before.throttled} 429s`);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await forwarder.stop();
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the statistics collector's flush
  const forwarded = now.accepted - before.accepted;
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    forwards: forwarded,
    seconds: round(seconds),
    perSecond: round(forwarded / seconds, 1),
    throttled: now.throttled - before.throttled,
    relayCpuMsPerForward: round((used.user + used.system) / 1000 / forwarded, 3),
    simulatorCpuMsPerRequest: round((now.cpuMs - before.cpuMs) / (forwarded + now.throttled - before.throttled), 3),
    commitsPerForward: round(((await commits(ctx.db)) - commitsBefore) / forwarded, 3),
  };
}

function relay(db: Kysely<unknown>, url: string, pace: number): Forwarder {
  return createForwarder({
    db,
    config: {
      FSE2_NATIONAL_GATEWAY_URL: url,
      FSE2_NATIONAL_SIMULATOR_PORT: 0,
      FSE2_FORWARD_TIMEOUT_MS: 15_000,
      FSE2_FORWARD_BACKOFF_CAP_MS: 300_000,
      FSE2_FORWARD_MAX_PER_SECOND: pace,
    },
    demo: false,
    metrics: new Registry(),
    log: pino({ level: process.env.DRAIN_LOG ?? 'silent' }),
  });
}

export interface DrainResult {
  readonly backlog: number;
  readonly capacityPerSecond: number;
  readonly relayPacePerSecond: number;
  readonly fill: { method: string; seconds: number; pdfBytes: number };
  readonly unlimited: DrainPhase & { simulatorMaxPerCpuSecond: number; relayMaxPerCpuSecond: number };
  readonly drain: DrainPhase;
  /** Drained per second over the configured capacity: the aim is at least 0.8. */
  readonly ratio: number;
  readonly check: DrainCheck;
}

export async function measureDrain(options: {
  backlog: number;
  capacity: number;
  pace?: number;
  log?: (line: string) => void;
}): Promise<DrainResult> {
  const log = options.log ?? (() => undefined);
  const pace = options.pace ?? options.capacity;
  const database = await benchDatabase('fse2_drain');
  const db = createDb({ url: database.url, poolMax: 10 });
  const sim = simulatorProcess(0);
  try {
    await migrate(db.pool);
    const { url } = await sim.ready;
    const kysely = db.kysely as unknown as Kysely<unknown>;
    const pdf = await renderReport({
      organisation: 'Ospedale Niguarda Ca’ Granda',
      title: 'Referto di laboratorio',
      patient: { name: 'Giuseppe Locatelli', fiscalCode: 'LCTGPP40S02F205X', birthDate: '1940-11-02' },
      date: new Date().toISOString(),
      facts: [['Richiesta n.', 'MI-2026-1']],
      table: [
        ['Esame', 'Risultato', 'Unità', 'Riferimento'],
        ['Glucosio', '92', 'mg/dL', '70 - 100'],
      ],
      signedBy: 'Dott. Ronchi',
    });
    const writer = relay(kysely, url, 0); // never started: its repository's enqueue only
    const ctx = { db: kysely, sim, url, pace: 0, log };

    const warm = Math.min(20_000, Math.max(1_000, Math.round(options.backlog / 5)));
    log(`drain: unlimited phase, ${warm} creations, simulator without a capacity, relay unpaced…`);
    await fill(kysely, writer, changes('W', warm, pdf));
    const unlimited = await drain(ctx, warm);
    log(`drain: unlimited ${JSON.stringify(unlimited)}`);

    await sim.ask('down');
    log(`drain: simulator down; writing ${options.backlog} forwards to the outbox…`);
    const fillStart = performance.now();
    const run = `D${Date.now()}`;
    await fill(kysely, writer, changes(run, options.backlog, pdf));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    await sim.ask('capacity', { perSecond: options.capacity });
    await sim.ask('up');
    log(`drain: filled in ${fillSeconds.toFixed(1)} s; simulator up at ${options.capacity}/s, relay at ${pace}/s…`);
    const drained = await drain({ ...ctx, pace }, options.backlog);
    log(`drain: ${JSON.stringify(drained)}`);
    const check = await checkDrain(kysely, run, await sim.ask('log'));
    const perCpu = (ms: number) => Math.round(1000 / ms);
    return {
      backlog: options.backlog,
      capacityPerSecond: options.capacity,
      relayPacePerSecond: pace,
      fill: {
        method: 'fse2 forward repository enqueue (the publication transaction statement), 1,000 per transaction',
        seconds: Math.round(fillSeconds * 10) / 10,
        pdfBytes: pdf.length,
      },
      unlimited: {
        ...unlimited,
        simulatorMaxPerCpuSecond: perCpu(unlimited.simulatorCpuMsPerRequest),
        relayMaxPerCpuSecond: perCpu(unlimited.relayCpuMsPerForward),
      },
      drain: drained,
      ratio: Math.round((drained.perSecond / options.capacity) * 100) / 100,
      check,
    };
  } finally {
    await sim.ask('close').catch(() => undefined);
    await db.close();
    await database.close();
  }
}

if (import.meta.main) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      backlog: { type: 'string', default: '100000' },
      capacity: { type: 'string', default: '100' },
      pace: { type: 'string' },
    },
  });
  const result = await measureDrain({
    backlog: Number(values.backlog),
    capacity: Number(values.capacity),
    ...(values.pace === undefined ? {} : { pace: Number(values.pace) }),
    log: (line) => {
      console.log(line);
    },
  });
  console.log(JSON.stringify(result));
}
