import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { createWaitroomModule } from './index.ts';
import type { StatusView } from './service.ts';
import { ticketSigner } from './tickets.ts';

// Issue 21: a poll hands back the ticket it received when nothing in it changes (one HMAC less per poll). What
// must not change: every received ticket is verified, and a ticket is re-signed whenever its content moves on.
let database: TestDatabase;
const key = randomBytes(32);
const signer = ticketSigner(key);
const T0 = Date.UTC(2021, 1, 15, 12, 0, 0);
const clock = { ms: T0 };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const room = () =>
  createWaitroomModule({
    db: database.db.kysely,
    metrics: new Registry(),
    dataDir: '/nonexistent',
    key,
    log: { warn: () => undefined, info: () => undefined },
    admissionHours: 6,
    now: () => new Date(clock.ms),
    random: () => 0.5,
  });

const ticketOf = (view: StatusView): string => {
  if (view.state !== 'waiting' && view.state !== 'pre-queue') throw new Error(`expected a ticket, got ${view.state}`);
  return view.ticket;
};

describe('the ticket a poll hands back', () => {
  it('is the one received while nothing changes, a new signed one once the poll is recorded', async () => {
    clock.ms = T0;
    const waitroom = room();
    await waitroom.start();
    // 60 a minute, paused: places 1-3 wait a few seconds, so polls come every 3 s; a poll is recorded once a minute.
    await waitroom.service.configure('ticket-1', {
      active: true,
      opensAt: new Date(T0),
      admitPerMinute: 60,
      holdSeconds: 300,
      paused: true,
    });
    await waitroom.tick();
    const joined = ticketOf(await waitroom.service.join('ticket-1'));
    clock.ms += 5_000;
    const unchanged = await waitroom.service.status('ticket-1', joined);
    expect(unchanged).toMatchObject({ state: 'waiting', position: 1 });
    expect(ticketOf(unchanged)).toBe(joined);

    clock.ms += 60_000;
    const recorded = ticketOf(await waitroom.service.status('ticket-1', joined));
    expect(recorded).not.toBe(joined);
    expect(signer.verifyQueueTicket(recorded)).toMatchObject({ seq: 1, position: 1, seenAt: T0 / 1000 + 65 });

    // Handed back or not, a ticket is verified on every poll: one altered character is refused.
    const last = recorded.at(-1) === 'A' ? 'B' : 'A';
    const refused = await waitroom.service
      .status('ticket-1', `${recorded.slice(0, -1)}${last}`)
      .catch((e: unknown) => e);
    expect(isDomainError(refused) && refused.code).toBe('waitroom.ticket_invalid');
    await waitroom.stop();
  });

  it('is re-signed with the drawn place when a pre-queue ticket first polls after the draw', async () => {
    clock.ms = T0;
    const waitroom = room();
    await waitroom.start();
    await waitroom.service.configure('ticket-2', {
      active: true,
      opensAt: new Date(T0 + 60_000),
      admitPerMinute: 60,
      holdSeconds: 300,
      paused: true,
    });
    await waitroom.tick();
    const early = ticketOf(await waitroom.service.join('ticket-2'));
    expect(signer.verifyQueueTicket(early)).toMatchObject({ position: 0 });
    clock.ms += 61_000;
    await waitroom.tick(); // the opening draw
    const drawn = await waitroom.service.status('ticket-2', early);
    expect(drawn).toMatchObject({ state: 'waiting', position: 1 });
    expect(signer.verifyQueueTicket(ticketOf(drawn))).toMatchObject({ seq: 1, position: 1 });
    await waitroom.stop();
  });
});
