import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { createWaitroomModule, type WaitroomModule } from './index.ts';
import type { StatusView } from './service.ts';

// Issue 21 (ADR 0023): polls far back come at half the estimated wait, longer than the hold, so a place is held
// until half the hold has passed after the return its holder was told, not only a hold after the last poll.
let database: TestDatabase;
const T0 = Date.UTC(2021, 1, 15, 12, 0, 0);
const clock = { ms: T0 };
const advance = (seconds: number): void => {
  clock.ms += seconds * 1000;
};

const instance = (): WaitroomModule =>
  createWaitroomModule({
    db: database.db.kysely,
    metrics: new Registry(),
    dataDir: '/nonexistent',
    key: randomBytes(32),
    log: { warn: () => undefined, info: () => undefined },
    admissionHours: 6,
    now: () => new Date(clock.ms),
    random: () => 0.5,
  });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const ticketOf = (view: StatusView): string => {
  if (view.state !== 'waiting' && view.state !== 'pre-queue') throw new Error(`expected a ticket, got ${view.state}`);
  return view.ticket;
};

/** Polls and returns the ticket to use next (the same one once admitted). */
const poll = async (room: WaitroomModule, campaign: string, ticket: string): Promise<string> => {
  const view = await room.service.status(campaign, ticket);
  return view.state === 'waiting' ? view.ticket : ticket;
};

describe('presence by the announced return', () => {
  it('tells people far back to come back after more than the hold, and keeps their place meanwhile', async () => {
    clock.ms = T0;
    const room = instance();
    await room.start();
    const settings = { active: true, opensAt: new Date(T0), admitPerMinute: 1, holdSeconds: 30 };
    await room.service.configure('due-1', settings);
    await room.tick(); // the opening draw of an empty pre-queue
    const first = await room.service.join('due-1');
    const second = await room.service.join('due-1');
    const third = await room.service.join('due-1');
    // Two people ahead at one a minute: 120 s of wait, come back in half of it, twice the 30 s hold.
    expect(third).toMatchObject({ state: 'waiting', position: 3, ahead: 2, nextPollSeconds: 60 });

    // The first two keep polling; the third stays away as told. At 35 s the region raises the rate (the
    // estimate was wrong): the counter reaches the third 38 s after its last poll, 8 s past the hold.
    let tickets = [ticketOf(first), ticketOf(second)];
    for (let t = 5; t <= 35; t += 5) {
      advance(5);
      tickets = await Promise.all(tickets.map((ticket) => poll(room, 'due-1', ticket)));
      await room.tick();
    }
    await room.service.configure('due-1', { ...settings, admitPerMinute: 60 });
    for (let t = 36; t <= 40; t += 1) {
      advance(1);
      await room.tick();
    }
    expect(await room.service.view('due-1')).toMatchObject({ admitted: 3, givenUp: 0 });
    // Back at the time it was told (60 s): admitted, not expired.
    advance(20);
    expect(await room.service.status('due-1', ticketOf(third))).toMatchObject({ state: 'admitted' });
    await room.stop();
  });

  it('counts people away as told as still waiting, and those late by half the hold as gone', async () => {
    clock.ms = T0;
    const room = instance();
    await room.start();
    await room.service.configure('due-2', { active: true, opensAt: new Date(T0), admitPerMinute: 1, holdSeconds: 30 });
    await room.tick();
    // Told to come back in 3 s (first in line), 30, 60 and 90 s; nobody polls again.
    const views = [];
    for (let i = 0; i < 4; i++) views.push(await room.service.join('due-2'));
    expect(views.map((v) => (v.state === 'waiting' ? v.nextPollSeconds : -1))).toEqual([3, 30, 60, 90]);
    advance(40);
    await room.tick(); // writes the returns, then counts
    await room.tick(); // the cache read after the count
    // The first polled 40 s ago, more than the 30 s hold: gone. The second is 10 s late for its return, less than
    // half the hold; the last two are not due yet.
    expect(await room.service.view('due-2')).toMatchObject({ waiting: 3 });
    advance(60);
    await room.tick();
    await room.tick();
    expect(await room.service.view('due-2')).toMatchObject({ waiting: 1 });
    await room.stop();
  });
});

describe('paused admission', () => {
  it('admits nobody while paused, keeps answering polls, and resumes in place order', async () => {
    clock.ms = T0;
    const room = instance();
    await room.start();
    const settings = { active: true, opensAt: new Date(T0), admitPerMinute: 60, holdSeconds: 300, paused: true };
    await room.service.configure('paused-1', settings);
    await room.tick();
    let tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(ticketOf(await room.service.join('paused-1')));
    for (let t = 1; t <= 10; t += 1) {
      advance(1);
      tickets = await Promise.all(tickets.map((ticket) => poll(room, 'paused-1', ticket)));
      await room.tick();
    }
    expect(await room.service.view('paused-1')).toMatchObject({ paused: true, admitted: 0 });
    expect(await room.service.status('paused-1', tickets[0] ?? '')).toMatchObject({ state: 'waiting', position: 1 });

    await room.service.configure('paused-1', { ...settings, paused: false });
    advance(1);
    await room.tick();
    // At most two seconds of admissions at once after the pause (the credit cap), as after any stall.
    expect(await room.service.view('paused-1')).toMatchObject({ paused: false, admitted: 2 });
    expect(await room.service.status('paused-1', tickets[1] ?? '')).toMatchObject({ state: 'admitted' });
    expect(await room.service.status('paused-1', tickets[2] ?? '')).toMatchObject({ state: 'waiting', position: 3 });
    await room.stop();
  });
});
