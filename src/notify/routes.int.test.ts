import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { buildApp, type BuiltApp } from '../http/app.ts';
import { parseNotifyConfig } from './config.ts';
import { createNotifyModule, enqueueMessage, type NotifyModule } from './index.ts';
import { testTuning } from '../../test/support/notify/dispatch.ts';

let database: TestDatabase;
let notify: NotifyModule;
let built: BuiltApp;
const registry = new Registry();

beforeAll(async () => {
  database = await createTestDatabase();
  notify = createNotifyModule({
    db: database.db.kysely,
    config: parseNotifyConfig({ SMS_A_RATE: '50', SMS_B_RATE: '20' }),
    demo: true,
    logger: pino({ level: 'silent' }),
    metrics: registry,
    tuning: testTuning,
  });
  await notify.start();
  built = await buildApp({
    logger: pino({ level: 'silent' }),
    metrics: registry,
    health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
    modules: [
      (app) => {
        notify.registerRoutes(app);
      },
    ],
  });
  await notify.dispatcher()?.waitUntilBound(5_000);
  // Handsets of the demo take 1-5 s; tests need not wait that long.
  for (const sim of notify.simulators().values())
    sim.control.update({ delivery: { minMs: 20, maxMs: 50 }, receiptDelayMs: 0 });
});
afterAll(async () => {
  await built.app.close();
  await notify.stop();
  await database.drop();
});

const inject = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
  built.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });

describe('notify API with the embedded simulators', () => {
  it('shows a sent code on the simulated phone, newest first, over both providers', async () => {
    const { id } = await enqueueMessage(database.db.kysely, {
      lane: 'otp',
      to: '+393331112233',
      text: 'Codice Salus: 314159',
      idempotencyKey: 'api:1',
    });
    await vi.waitFor(
      async () => {
        expect((await inject('GET', '/api/sim/phones')).json()).toMatchObject({
          phones: [{ number: '+393331112233', received: 1 }],
        });
      },
      { timeout: 5_000 },
    );
    const messages = await inject('GET', '/api/sim/phones/+393331112233/messages');
    expect(messages.json()).toMatchObject({
      number: '+393331112233',
      messages: [{ provider: 'a', from: 'Salus', text: 'Codice Salus: 314159' }],
    });
    expect((await inject('GET', '/api/sim/phones/393331112233/messages')).json()).toMatchObject({
      messages: [{ text: 'Codice Salus: 314159' }],
    });

    await vi.waitFor(
      async () => {
        expect((await inject('GET', `/api/notify/messages/${id}`)).json()).toMatchObject({
          status: 'delivered',
          provider: 'a',
        });
      },
      { timeout: 5_000 },
    );
    const history = (await inject('GET', `/api/notify/messages/${id}`)).json<{ events: { kind: string }[] }>();
    expect(history.events.map((e) => e.kind)).toEqual(['queued', 'submitted', 'delivered']);
    expect((await inject('GET', '/api/notify/messages/999999')).statusCode).toBe(404);
  });

  it('reports queue depth per lane and provider states, publicly, and in /metrics', async () => {
    const queue = await inject('GET', '/api/notify/queue');
    expect(queue.statusCode).toBe(200);
    expect(queue.json()).toMatchObject({
      lanes: [{ lane: 'otp' }, { lane: 'appointment' }, { lane: 'reminder' }, { lane: 'bulk' }],
      providers: [
        { id: 'a', state: 'up', rate: 50 },
        { id: 'b', state: 'up', rate: 20 },
      ],
    });
    const metrics = (await inject('GET', '/metrics')).body;
    expect(metrics).toMatch(/notify_queue_depth\{lane="otp"\} 0/);
    expect(metrics).toMatch(/notify_queue_oldest_age_seconds\{lane="bulk"\} 0/);
    expect(metrics).toMatch(/notify_provider_up\{provider="a"\} 1/);
  });

  it('keeps individual messages to region operators', () => {
    const policies = built.routes
      .filter((r) => r.url.startsWith('/api/notify') && r.method === 'GET')
      .map((r) => [r.method, r.url, r.policy?.access]);
    expect(policies).toEqual([
      ['GET', '/api/notify/queue', 'public'],
      ['GET', '/api/notify/dead-letters', 'roles'],
      ['GET', '/api/notify/messages/:id', 'roles'],
    ]);
    expect(built.routes.find((r) => r.url === '/api/notify/dead-letters')?.policy).toEqual({
      access: 'roles',
      roles: ['region'],
    });
  });

  it('reads and changes a simulated SMSC live, refusing invalid changes whole', async () => {
    const config = (await inject('GET', '/api/sim/config/b')).json<{ config: Record<string, unknown> }>();
    expect(config).toMatchObject({ provider: 'b', config: { systemId: 'salus-b', tps: 20, outage: false } });
    expect(config.config).not.toHaveProperty('password');

    const patched = await inject('PATCH', '/api/sim/config/b', {
      throttleRate: 0.3,
      delivery: { tail: [{ p: 0.02, delayMs: 3_000_000 }] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      config: { throttleRate: 0.3, delivery: { minMs: 20, tail: [{ p: 0.02 }] } },
    });

    for (const [body, code] of [
      [{ throttleRate: 2 }, 'request.invalid'],
      [{ delivery: { minMs: 9_000_000 } }, 'notify.simulator_config_invalid'],
      [{ password: 'x' }, 'notify.simulator_credentials_fixed'],
      [{ volume: 11 }, 'request.invalid'],
    ] as const) {
      const refused = await inject('PATCH', '/api/sim/config/b', body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code });
    }
    expect((await inject('GET', '/api/sim/config/b')).json()).toMatchObject({ config: { throttleRate: 0.3 } });
    expect((await inject('GET', '/api/sim/config/c')).statusCode).toBe(400);
  });

  it('gives the dashboard its SMS section, with delivery latency per provider from the receipts', async () => {
    const figures = await notify.dashboardSource.figures();
    expect(figures).toMatchObject({
      lanes: [{ lane: 'otp' }, { lane: 'appointment' }, { lane: 'reminder' }, { lane: 'bulk' }],
      latencyLastHour: [{ provider: 'a', lane: 'otp', delivered: 1 }],
    });
  });

  it('lists dead letters (none here)', async () => {
    expect((await inject('GET', '/api/notify/dead-letters?limit=10')).json()).toEqual({ total: 0, items: [] });
  });
});

describe('notify API outside demo mode', () => {
  it('has no simulated-phones routes', async () => {
    const module = createNotifyModule({
      db: database.db.kysely,
      config: parseNotifyConfig({ SMS_SIMULATOR: 'false' }),
      demo: false,
      logger: pino({ level: 'silent' }),
      metrics: new Registry(),
    });
    const app = await buildApp({
      logger: pino({ level: 'silent' }),
      metrics: new Registry(),
      health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
      modules: [
        (a) => {
          module.registerRoutes(a);
        },
      ],
    });
    expect(app.routes.filter((r) => r.url.startsWith('/api/sim'))).toEqual([]);
    expect((await app.app.inject({ method: 'GET', url: '/api/sim/phones' })).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'GET', url: '/api/notify/queue' })).json()).toMatchObject({ providers: [] });
    await app.app.close();
  });
});
