import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOwnPostgres, type OwnPostgres } from '../../../test/helpers/own-postgres.ts';
import { createDb, type Db } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { JOB_RUNNER, startSupervisedWorker } from '../../jobs/worker.ts';
import { Supervision, type Supervisor } from '../../shared/supervisor.ts';
import type { ProviderSettings } from '../config.ts';
import { createNotifyMetrics } from '../metrics.ts';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { notifyRepository } from '../repository.ts';
import { silentLogger } from '../smpp/logger.ts';
import { startSimulator, type RunningSimulator } from '../smsc/index.ts';
import { fastSmsc, receivedPerPhone, testTuning } from '../../../test/support/notify/dispatch.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { SEND_WORKER } from './claim-loop.ts';

// Issue 16: on the second of two PostgreSQL stops under load the notify_send runner logged
// "Runner stopping (reason: worker pool exited with error: the database system is shutting
// down)" and never came back; 107 OTPs stayed queued until Node was restarted.

let postgres: OwnPostgres;
let db: Db;
let sims: { a: RunningSimulator; b: RunningSimulator };
let dispatcher: Dispatcher;
let jobs: Supervisor;
const ran = new Set<number>();
const supervision = new Supervision({ log: silentLogger, backoff: { initialMs: 100, maxMs: 1_000 } });

beforeAll(async () => {
  postgres = await startOwnPostgres();
  // Migrated as the owner, run as the application's role, as Salus does (ADR 0006).
  const owner = createDb({ url: postgres.ownerUrl, poolMax: 2 });
  await migrate(owner.pool);
  await owner.close();
  db = createDb({ url: postgres.url, poolMax: 10, onError: () => undefined });
  // Each SMSC answers a submit after 300 ms, so that some submits are always in flight (about
  // 20 at 60 OTPs a second) and end while the database is away. Issue 16 was graphile-worker's
  // pool exiting then; the claim loop that replaced it (ADR 0022) ends at its first failed
  // claim, and must be started again by its supervisor.
  const smsc = { ...fastSmsc, submitResponseDelayMs: 300 };
  const a = await startSimulator({ port: 0, config: { ...smsc, systemId: 'salus-a', password: 'pass-a' } });
  const b = await startSimulator({ port: 0, config: { ...smsc, systemId: 'salus-b', password: 'pass-b' } });
  sims = { a, b };
  const providers: ProviderSettings[] = [
    { id: 'a', host: '127.0.0.1', port: a.port, systemId: 'salus-a', password: 'pass-a', rate: 200 },
    { id: 'b', host: '127.0.0.1', port: b.port, systemId: 'salus-b', password: 'pass-b', rate: 200 },
  ];
  const metrics = createNotifyMetrics(new Registry(), () => notifyRepository(db.kysely).laneSnapshot());
  dispatcher = createDispatcher({
    db: db.kysely,
    providers,
    sender: 'Salus',
    metrics,
    tuning: testTuning,
    supervision,
  });
  await dispatcher.start();
  await dispatcher.waitUntilBound(5_000);
  // The platform's job runner too (FSE processing, allocation, certificates run in it).
  const probe = (payload: unknown): Promise<void> => {
    ran.add((payload as { n: number }).n);
    return Promise.resolve();
  };
  jobs = await startSupervisedWorker(
    { pool: db.pool, logger: pino({ level: 'silent' }), tasks: { probe } },
    supervision,
  );
});

afterAll(async () => {
  await postgres.start(); // the dispatcher writes its outcomes on the way out
  await dispatcher.stop();
  await jobs.stop();
  await Promise.all([sims.a.close(), sims.b.close()]);
  await db.close();
  await postgres.destroy();
});

const submitted = (): number => sims.a.control.stats().submitted + sims.b.control.stats().submitted;
const sendRunner = () => supervision.statuses().find((s) => s.name === SEND_WORKER);

/**
 * OTPs queued one after another, as citizens keep asking for codes, whether the database
 * is there or not. A message counts as queued once its transaction committed; a failed
 * one is tried again with the same idempotency key (a commit whose answer was lost is not
 * queued twice).
 */
function queueContinuously(): { readonly queued: string[]; refused(): number; stop(): Promise<void> } {
  const queued: string[] = [];
  const state = { stopped: false, refused: 0 };
  const loop = (async () => {
    for (let i = 0; !state.stopped; i += 1) {
      const to = `+39333${String(i).padStart(7, '0')}`;
      for (;;) {
        try {
          await enqueueMessage(db.kysely, {
            lane: 'otp',
            to,
            text: `Codice Salus: ${String(100_000 + i)}`,
            idempotencyKey: `restart:${i}`,
          });
          queued.push(to);
          break;
        } catch {
          state.refused += 1;
          await new Promise((resolve) => setTimeout(resolve, 50)); // the database is away: ask again
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10)); // about 60 OTPs a second
    }
  })();
  return {
    queued,
    refused: () => state.refused,
    stop: async () => {
      state.stopped = true;
      await loop;
    },
  };
}

describe('SMS sending across PostgreSQL restarts', () => {
  it(
    'sends every queued OTP exactly once after the database stopped three times under load, without a Node restart',
    { timeout: 400_000 },
    async () => {
      const load = queueContinuously();
      let deaths = 0;
      for (let outage = 1; outage <= 3; outage += 1) {
        // Under load first: messages are flowing when the database goes.
        const before = submitted();
        await vi.waitFor(
          () => {
            expect(submitted()).toBeGreaterThanOrEqual(before + 30);
          },
          { timeout: 120_000, interval: 50 },
        );
        expect(sendRunner()?.state).toBe('running');

        const refusedBefore = load.refused();
        await postgres.stop();
        // Down for a few seconds: until the producer was refused 40 times (50 ms apart) once
        // the runner is seen dead, or 100 times if it survived this stop (in issue 16 it died
        // on the second of two). A dead runner is reported as restarting while the database is away.
        const seen = { died: false };
        await vi.waitFor(
          () => {
            if (sendRunner()?.state === 'restarting') seen.died = true;
            const refused = load.refused() - refusedBefore;
            expect(refused >= 100 || (seen.died && refused >= 40)).toBe(true);
          },
          { timeout: 60_000, interval: 50 },
        );
        if (seen.died) deaths += 1;
        await postgres.start();
        await vi.waitFor(
          () => {
            expect(sendRunner()?.state).toBe('running');
          },
          { timeout: 120_000, interval: 50 },
        );
      }
      await load.stop();

      // The runner did die with the database (before the fix it then never came back).
      expect(deaths).toBeGreaterThan(0);
      const queued = load.queued;
      expect(load.refused()).toBeGreaterThan(0); // OTPs were asked for while the database was away, too
      await vi.waitFor(
        async () => {
          const open = await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM notify_messages WHERE status <> 'delivered'`.execute(db.kysely);
          expect(open.rows[0]?.n).toBe(0);
        },
        { timeout: 120_000, interval: 200 },
      );
      // The job runner runs jobs again, whether it died with the database or not.
      await vi.waitFor(
        () => {
          expect(supervision.statuses().find((s) => s.name === JOB_RUNNER)?.state).toBe('running');
        },
        { timeout: 120_000 },
      );
      await sql`SELECT graphile_worker.add_job('probe', json_build_object('n', 1))`.execute(db.kysely);
      await vi.waitFor(
        () => {
          expect(ran.has(1)).toBe(true);
        },
        { timeout: 30_000, interval: 50 },
      );
      const phones = receivedPerPhone(sims);
      expect(queued.filter((to) => phones.get(to) !== 1)).toEqual([]);
      expect(submitted()).toBe(queued.length);
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notify_messages`.execute(db.kysely);
      expect(rows.rows[0]?.n).toBe(queued.length);
    },
  );
});
