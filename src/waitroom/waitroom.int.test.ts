import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { isDomainError } from '../shared/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { createWaitroomModule, type WaitroomModule } from './index.ts';
import type { StatusView } from './service.ts';

let database: TestDatabase;
let second: Db;
const key = randomBytes(32);
const T0 = Date.UTC(2021, 1, 15, 12, 0, 0);
const clock = { ms: T0 };
const log = { warn: () => undefined, info: () => undefined };
const advance = (seconds: number): void => {
  clock.ms += seconds * 1000;
};

/** One API instance: its own pool, cache and counters; only the database and the key are shared. */
const instance = (db: Db): WaitroomModule =>
  createWaitroomModule({
    db: db.kysely,
    metrics: new Registry(),
    dataDir: '/nonexistent',
    key,
    log,
    admissionHours: 6,
    now: () => new Date(clock.ms),
    random: () => 0.5,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  second = createDb({ url: database.url, poolMax: 3 });
});
afterAll(async () => {
  await second.close();
  await database.drop();
});

const ticketOf = (view: StatusView): string => {
  if (view.state !== 'waiting' && view.state !== 'pre-queue') throw new Error(`expected a ticket, got ${view.state}`);
  return view.ticket;
};
const refusal = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return `${error.kind}:${error.code}`;
    throw error;
  }
  return 'accepted';
};

describe('abandonment', () => {
  it('gives up places after the hold without stalling admission, and keeps those back in time', async () => {
    clock.ms = T0;
    const room = instance(database.db);
    await room.start();
    await room.service.configure('abandon-1', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 1,
      holdSeconds: 30,
    });
    await room.tick(); // the opening draw of an empty pre-queue
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => room.service.join('abandon-1')));
    const tickets = [a, b, c, d].map((v) => ticketOf(v ?? { state: 'expired', holdMinutes: 0 }));
    expect([a, b, c, d].map((v) => (v?.state === 'waiting' ? v.position : 0))).toEqual([1, 2, 3, 4]);

    // A and B close the page; C keeps polling; D is away for 25 s (less than the 30 s hold).
    let dTicket = tickets[3] ?? '';
    let cTicket = tickets[2] ?? '';
    for (let t = 5; t <= 60; t += 5) {
      advance(5);
      const c1 = await room.service.status('abandon-1', cTicket);
      if (c1.state === 'waiting') cTicket = c1.ticket;
      if (t === 25 || t >= 40) {
        const d1 = await room.service.status('abandon-1', dTicket);
        if (d1.state === 'waiting') dTicket = d1.ticket;
      }
      await room.tick();
    }
    // One admission a minute: the first one went to C, skipping A and B, gone for 60 s.
    expect(await room.service.status('abandon-1', cTicket)).toMatchObject({ state: 'admitted' });
    expect(await room.service.view('abandon-1')).toMatchObject({ admitted: 1, givenUp: 2 });
    // D was away 25 s, less than the hold: still in line, first now.
    expect(await room.service.status('abandon-1', dTicket)).toMatchObject({ state: 'waiting', position: 4, ahead: 0 });
    // A comes back: its place was given up while it was away; it must join again.
    expect(await room.service.status('abandon-1', tickets[0] ?? '')).toEqual({ state: 'expired', holdMinutes: 1 });
    await room.stop();
  });
});

describe('no bypass', () => {
  it('refuses enrollment without a valid admission token while the room is active', async () => {
    clock.ms = T0;
    const room = instance(database.db);
    await room.start();
    await room.service.configure('guarded-1', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 600,
      holdSeconds: 300,
    });
    await room.service.configure('guarded-2', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 600,
      holdSeconds: 300,
    });
    await room.tick();
    expect(await refusal(room.guard('guarded-1', undefined))).toBe('forbidden:waitroom.admission_required');
    expect(await refusal(room.guard('guarded-1', 'e30.AAAAAAAAAAAAAAAAAAAAAA'))).toBe(
      'forbidden:waitroom.admission_required',
    );
    await room.guard('guarded-1', undefined).catch((error: unknown) => {
      expect((error as Error).message).toContain('/sala-attesa.html?c=guarded-1');
    });

    const joined = await room.service.join('guarded-1');
    // The queue ticket itself is not an admission.
    expect(await refusal(room.guard('guarded-1', ticketOf(joined)))).toBe('forbidden:waitroom.admission_required');
    advance(1);
    await room.tick();
    const admitted = await room.service.status('guarded-1', ticketOf(joined));
    if (admitted.state !== 'admitted') throw new Error(`expected admission, got ${admitted.state}`);
    expect(await refusal(room.guard('guarded-1', admitted.admission))).toBe('accepted');
    // Not for another campaign, and not after it expires (6 h: a late SMS and a resend fit).
    expect(await refusal(room.guard('guarded-2', admitted.admission))).toBe('forbidden:waitroom.admission_required');
    advance(5 * 3600);
    expect(await refusal(room.guard('guarded-1', admitted.admission))).toBe('accepted');
    advance(3600);
    expect(await refusal(room.guard('guarded-1', admitted.admission))).toBe('forbidden:waitroom.admission_required');

    // Campaigns without a room, or with the room switched off, are not guarded.
    expect(await refusal(room.guard('no-room', undefined))).toBe('accepted');
    await room.service.configure('guarded-2', {
      active: false,
      opensAt: new Date(T0),
      admitPerMinute: 600,
      holdSeconds: 300,
    });
    expect(await refusal(room.guard('guarded-2', undefined))).toBe('accepted');
    expect(await room.service.join('guarded-2')).toEqual({ state: 'open', enrollUrl: '/adesione/guarded-2' });
    await room.stop();
  });

  it('refuses tickets of another room and answers 400-class errors, never 5xx', async () => {
    const room = instance(database.db);
    await room.start();
    await room.service.configure('guarded-3', {
      active: true,
      opensAt: new Date(clock.ms),
      admitPerMinute: 60,
      holdSeconds: 300,
    });
    await room.tick();
    const other = ticketOf(await room.service.join('guarded-1'));
    expect(await refusal(room.service.status('guarded-3', other))).toBe('validation:waitroom.ticket_invalid');
    expect(await refusal(room.service.status('guarded-3', 'garbage'))).toBe('validation:waitroom.ticket_invalid');
    await room.stop();
  });
});

describe('the pre-queue and first come, first served', () => {
  it('draws the pre-queue at opening, then serves later arrivals in arrival order', async () => {
    clock.ms = T0;
    const room = instance(database.db);
    await room.start();
    await room.service.configure('draw-1', {
      active: true,
      opensAt: new Date(T0 + 60_000),
      admitPerMinute: 6_000,
      holdSeconds: 300,
    });
    await room.tick();
    const early: string[] = [];
    for (let i = 0; i < 300; i++) early.push(ticketOf(await room.service.join('draw-1')));
    await room.tick(); // the size of the pre-queue shown is the cached one (about a second old)
    expect(await room.service.status('draw-1', early[299] ?? '')).toMatchObject({ state: 'pre-queue', preQueue: 300 });
    advance(61);
    await room.tick(); // opens and writes the draw
    const late = [];
    for (let i = 0; i < 50; i++) late.push(await room.service.join('draw-1'));
    const positions = await Promise.all(
      early.map(async (t) => {
        const v = await room.service.status('draw-1', t);
        return v.state === 'waiting' ? v.position : -1;
      }),
    );
    expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Spearman's rho between arrival and drawn place: |rho| > 0.2 has probability < 0.1%.
    const rho = 1 - (6 * positions.reduce((s, p, i) => s + (i + 1 - p) ** 2, 0)) / (300 * (300 ** 2 - 1));
    expect(Math.abs(rho)).toBeLessThan(0.2);
    expect(late.map((v) => (v.state === 'waiting' ? v.position : -1))).toEqual(
      Array.from({ length: 50 }, (_, i) => 301 + i),
    );
    await room.stop();
  });
});

describe('adaptive admission', () => {
  it('starts at a quarter of the ceiling, grows while the servers keep up and backs off when they do not', async () => {
    clock.ms = T0;
    const room = instance(database.db);
    await room.start();
    await room.service.configure('adaptive-1', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 600,
      holdSeconds: 300,
      adaptive: true,
      targetP95Ms: 400,
    });
    await room.tick();
    for (let i = 0; i < 50; i++) await room.service.join('adaptive-1');
    advance(1);
    await room.tick();
    // 60/min (a tenth of 600), raised at once by 20% + 6 since this instance reports no load.
    expect(await room.service.view('adaptive-1')).toMatchObject({ adaptive: true, currentRatePerMinute: 78 });
    // Another instance reports a p95 of 2 s (over twice the target): the next adjustment (5 s later) halves it.
    const {
      rows: [r],
    } = await database.db.pool.query<{ id: number }>(`SELECT id FROM waitrooms WHERE campaign_code = 'adaptive-1'`);
    for (let s = 0; s < 5; s++) {
      advance(1);
      await database.db.pool.query(`INSERT INTO waitroom_load VALUES ($1, gen_random_uuid(), $2, 2000, 40)`, [
        r?.id,
        new Date(clock.ms),
      ]);
      await room.tick();
    }
    expect(await room.service.view('adaptive-1')).toMatchObject({ currentRatePerMinute: 39 });
    await room.stop();
  });
});

describe('several API instances', () => {
  it('share one counter: tickets work on either instance and two tickers do not double the rate', async () => {
    clock.ms = T0;
    const one = instance(database.db);
    const two = instance(second);
    await one.start();
    await two.start();
    await one.service.configure('multi-1', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 600,
      holdSeconds: 300,
    });
    await one.tick();
    await two.tick();
    // 200 people, joining alternately through each instance, at the same time.
    const joined = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? one : two).service.join('multi-1')),
    );
    let tickets = joined.map(ticketOf);
    const positions = joined.map((v) => (v.state === 'waiting' ? v.position : -1));
    expect(new Set(positions).size).toBe(200);
    const admittedAt = new Map<number, number>();
    for (let step = 1; step <= 25; step++) {
      advance(1);
      // Both instances tick every second; 600/min is 10 a second whoever takes the step.
      await Promise.all([one.tick(), two.tick()]);
      tickets = await Promise.all(
        tickets.map(async (t, i) => {
          const answer = await (step % 2 === i % 2 ? one : two).service.status('multi-1', t);
          if (answer.state === 'admitted') {
            if (!admittedAt.has(i)) admittedAt.set(i, step);
            expect(await refusal((i % 2 === 0 ? two : one).guard('multi-1', answer.admission))).toBe('accepted');
            return t;
          }
          return ticketOf(answer);
        }),
      );
      if (step === 10) expect(admittedAt.size).toBe(100);
    }
    expect(admittedAt.size).toBe(200);
    // Admitted in the order of their places: places 1-10 in the first second, 11-20 in the next...
    for (const [i, step] of admittedAt) expect(step).toBe(Math.ceil((positions[i] ?? 0) / 10));
    const views = await Promise.all([one.service.view('multi-1'), two.service.view('multi-1')]);
    expect(views.map((v) => v?.admitted)).toEqual([200, 200]);
    await one.stop();
    await two.stop();
  });
});
