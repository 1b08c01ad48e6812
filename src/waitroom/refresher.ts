import { randomBytes } from 'node:crypto';
import type { SeenBuffer } from './batching.ts';
import type { WaitroomRepository } from './repository.ts';
import type { Room } from './room.ts';
import type { RoomCacheView } from './service.ts';
import type { DrawCache } from './shuffle.ts';
import type { LoopWatch } from '../shared/supervisor.ts';

export interface RefresherLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface RefresherDeps {
  readonly repo: WaitroomRepository;
  readonly draws: DrawCache;
  readonly seen: SeenBuffer;
  readonly now: () => Date;
  readonly log: RefresherLog;
  /** About once a second: the staleness of every instance's view of the counter. */
  readonly intervalMs: number;
  /** This instance, and its enrollment latency for adaptive rooms. */
  readonly instance: string;
  readonly load: () => { p95Ms: number; requests: number };
  /** Abandons a hung refresh and reports a refresher that no longer completes any (readiness). */
  readonly watch?: LoopWatch;
}

// Two instances ticking at once: the second finds the step just taken and leaves it.
const MIN_STEP_FRACTION = 0.8;
// The room size is a count over the waiting rows (≈20 ms at 50,000 people): every 2 s is plenty.
const COUNT_EVERY_MS = 2_000;
// An instance that opened the room and died before writing the draw: another one redoes it.
const DRAW_RESCUE_MS = 30_000;
// Samples kept for "admitted in the last minute": one per tick.
const HISTORY = 90;

/** The rooms as last read, with a short history of admissions for the achieved rate. */
export class RoomCache implements RoomCacheView {
  readonly #rooms = new Map<string, Room>();
  readonly #history = new Map<number, { at: number; admitted: number }[]>();
  readonly ready: Promise<void>;
  #markReady: () => void = () => undefined;

  constructor() {
    this.ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  get(campaign: string): Room | undefined {
    return this.#rooms.get(campaign);
  }

  all(): Room[] {
    return [...this.#rooms.values()];
  }

  put(room: Room): void {
    const known = this.#rooms.get(room.campaign);
    // Several steps may race (tick vs. configure): never go back to an older counter.
    if (known?.id === room.id && known.admittedThrough > room.admittedThrough) return;
    this.#rooms.set(room.campaign, room);
  }

  replaceAll(rooms: readonly Room[], nowMs: number): void {
    for (const room of rooms) {
      this.put(room);
      const samples = this.#history.get(room.id) ?? [];
      samples.push({ at: nowMs, admitted: room.admittedLive });
      if (samples.length > HISTORY) samples.shift();
      this.#history.set(room.id, samples);
    }
    this.#markReady();
  }

  admittedLastMinute(room: Room): number {
    const samples = this.#history.get(room.id) ?? [];
    const last = samples.at(-1);
    if (last === undefined) return 0;
    const first = samples.find((s) => last.at - s.at <= 60_000) ?? last;
    const spanMs = last.at - first.at;
    return spanMs < 5_000 ? 0 : Math.round(((last.admitted - first.admitted) * 60_000) / spanMs);
  }
}

/**
 * The once-a-second loop of every API instance: write the buffered last-seen times,
 * take the admission step (whichever instance comes first), write the opening draw,
 * count the room, and re-read the rooms into the cache that polls are answered from.
 */
export function roomRefresher(deps: RefresherDeps, cache: RoomCache) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const drawing = new Set<number>();

  const flushSeen = async (): Promise<void> => {
    const batch = deps.seen.take();
    try {
      await deps.repo.markSeen(batch);
    } catch (error) {
      deps.seen.putBack(batch);
      throw error;
    }
  };

  const writeDraw = async (room: Room): Promise<void> => {
    if (room.preQueue === null || room.seed === null || drawing.has(room.id)) return;
    drawing.add(room.id);
    try {
      const started = performance.now();
      await deps.repo.writeDraw(room.id, room.preQueue, deps.draws.permutation(room.id, room.seed, room.preQueue));
      deps.log.info(
        { campaign: room.campaign, preQueue: room.preQueue, ms: Math.round(performance.now() - started) },
        'waitroom: opening draw written',
      );
    } finally {
      drawing.delete(room.id);
    }
  };

  const step = async (room: Room): Promise<void> => {
    const now = deps.now();
    const last = room.advancedAt ?? room.openedAt;
    const due =
      room.preQueue === null
        ? now >= room.opensAt
        : room.positionsReady &&
          (last === null || now.getTime() - last.getTime() >= MIN_STEP_FRACTION * deps.intervalMs);
    if (due) {
      const outcome = await deps.repo.advance(room.id, now, MIN_STEP_FRACTION * deps.intervalMs, () => randomBytes(32));
      if (outcome.kind === 'missing') return;
      cache.put(outcome.room);
      if (outcome.kind === 'opened') {
        deps.log.info(
          { campaign: room.campaign, preQueue: outcome.room.preQueue },
          'waitroom: opened, drawing the pre-queue',
        );
        if (!outcome.room.positionsReady) await writeDraw(outcome.room);
      }
    } else if (
      room.preQueue !== null &&
      !room.positionsReady &&
      room.openedAt !== null &&
      now.getTime() - room.openedAt.getTime() > DRAW_RESCUE_MS
    ) {
      await writeDraw(room);
    }
    await deps.repo.countWaiting(room.id, now, COUNT_EVERY_MS);
  };

  const refreshOnce = async (): Promise<void> => {
    await flushSeen();
    const before = await deps.repo.rooms();
    cache.replaceAll(before, deps.now().getTime());
    const adaptive = before.filter((r) => r.active && r.adaptive).map((r) => r.id);
    if (adaptive.length > 0) {
      const load = deps.load();
      await deps.repo.reportLoad(adaptive, deps.instance, deps.now(), load.p95Ms, load.requests);
    }
    for (const room of before) if (room.active) await step(room);
    cache.replaceAll(await deps.repo.rooms(), deps.now().getTime());
  };

  const tick = async (): Promise<void> => {
    try {
      await (deps.watch ? deps.watch.guard(refreshOnce) : refreshOnce());
    } catch (error) {
      deps.log.warn({ err: error }, 'waitroom: refresh failed; polls are answered from the last known state');
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    // ±10% jitter so that instances started together do not tick in lockstep.
    timer = setTimeout(
      () => {
        running = tick().finally(() => {
          running = null;
          schedule();
        });
      },
      deps.intervalMs * (0.9 + 0.2 * Math.random()),
    );
    timer.unref();
  };

  return {
    /** One refresh now (tests call it directly, with an injected clock). */
    tick,
    /** Reads the rooms once (throws if the database cannot be read), then refreshes about once a second. */
    async start(): Promise<void> {
      stopped = false;
      cache.replaceAll(await deps.repo.rooms(), deps.now().getTime());
      await tick();
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      deps.watch?.stop();
      if (timer !== null) clearTimeout(timer);
      await running;
      await flushSeen().catch((error: unknown) => {
        deps.log.warn({ err: error }, 'waitroom: last-seen times lost at shutdown');
      });
    },
    /** Writes buffered last-seen times now (when the buffer fills between ticks). */
    flushSoon(): void {
      void flushSeen().catch((error: unknown) => {
        deps.log.warn({ err: error }, 'waitroom: last-seen flush failed; retried next tick');
      });
    },
  };
}
