import { randomUUID } from 'node:crypto';
import type { LoopWatch } from '../shared/supervisor.ts';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { TypedApp } from '../http/types.ts';
import { loadOrCreateKey } from '../shared/secret-file.ts';
import { SeenBuffer } from './batching.ts';
import { LoadTracker } from './load.ts';
import { waitroomMetrics } from './metrics.ts';
import { RoomCache, roomRefresher, type RefresherLog } from './refresher.ts';
import { waitroomRepository } from './repository.ts';
import { registerWaitroomRoutes } from './routes.ts';
import { waitroomService } from './service.ts';
import { drawCache } from './shuffle.ts';
import { ticketSigner } from './tickets.ts';

export { WaitroomConfigSchema, type WaitroomConfig } from './config.ts';
import type { WaitroomTables } from './db-types.ts';
export type { WaitroomTables } from './db-types.ts';
export { ADMISSION_HEADER } from './schemas.ts';

export interface WaitroomModuleDeps<DB extends WaitroomTables> {
  readonly db: Kysely<DB>;
  readonly metrics: Registry;
  /** The HMAC key lives in <dataDir>/secrets/waitroom.key: every API instance must share it. */
  readonly dataDir: string;
  readonly log: RefresherLog;
  readonly admissionHours: number;
  /** Lets PUT /api/waitroom/:code answer 404 for an unknown campaign. */
  readonly campaignExists?: (code: string) => Promise<boolean>;
  /** The refresh loop's watchdog (platform.ts's supervision), reported by /health/ready. */
  readonly watch?: LoopWatch;
  /** Tests inject these; production keeps the defaults. */
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly refreshMs?: number;
  readonly key?: Buffer;
}

// A flush every 5,000 people keeps one UPDATE under ~50 ms even between ticks.
const SEEN_FLUSH_AT = 5_000;

/**
 * The waiting room (issue #6). `guard` is what the citizen enrollment route calls; the
 * refresh loop (start/stop) keeps this instance's view of the shared counter about one
 * second old, so polls never read the database.
 */
export function createWaitroomModule<DB extends WaitroomTables>(deps: WaitroomModuleDeps<DB>) {
  const now = deps.now ?? (() => new Date());
  const repo = waitroomRepository(deps.db);
  const cache = new RoomCache();
  const draws = drawCache();
  let flushSoon = (): void => undefined;
  const seen = new SeenBuffer(SEEN_FLUSH_AT, () => {
    flushSoon();
  });
  const load = new LoadTracker();
  const refresher = roomRefresher(
    {
      repo,
      draws,
      seen,
      now,
      log: deps.log,
      intervalMs: deps.refreshMs ?? 1_000,
      instance: randomUUID(),
      load: () => load.snapshot(Date.now()),
      ...(deps.watch ? { watch: deps.watch } : {}),
    },
    cache,
  );
  flushSoon = () => {
    refresher.flushSoon();
  };
  const service = waitroomService({
    repo,
    signer: ticketSigner(deps.key ?? loadOrCreateKey(deps.dataDir, 'waitroom')),
    cache,
    draws,
    seen,
    now,
    random: deps.random ?? Math.random,
    admissionSeconds: Math.round(deps.admissionHours * 3600),
    onEvent: waitroomMetrics(deps.metrics, cache, now),
  });

  return {
    service,
    registerRoutes(app: TypedApp): void {
      registerWaitroomRoutes(app, service, {
        campaignExists: deps.campaignExists,
        observe: (ms) => {
          load.observe(ms, Date.now());
        },
      });
    },
    /**
     * Resolves if the caller may enroll in `campaignCode`; throws a 403 DomainError
     * (waitroom.admission_required) while its room is active and the admission token
     * (the x-admission header) is missing, forged, expired or for another campaign.
     * Never reads the database.
     */
    guard: (campaignCode: string, admissionHeader: string | undefined): Promise<void> =>
      service.guard(campaignCode, admissionHeader),
    /** For the region dashboard (src/dashboard: DashboardSource): every room's figures, from the cache. */
    dashboardSource: {
      section: 'waitroom',
      figures: async (): Promise<Record<string, unknown>> => ({ rooms: await service.views() }),
    },
    /** Reads the rooms, then refreshes them about once a second. */
    start: (): Promise<void> => refresher.start(),
    /** Stops the loop and writes the last buffered last-seen times. */
    stop: async (): Promise<void> => {
      await refresher.stop();
      load.stop();
    },
    /** One refresh now (tests, with an injected clock). */
    tick: (): Promise<void> => refresher.tick(),
  };
}

export type WaitroomModule = ReturnType<typeof createWaitroomModule>;
