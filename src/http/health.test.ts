import { Registry } from 'prom-client';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../shared/supervisor.ts';
import { buildApp } from './app.ts';

async function readiness(database: boolean, workers: WorkerStatus[]): Promise<{ status: number; body: unknown }> {
  const { app } = await buildApp({
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    health: { ready: () => Promise.resolve({ database, migrations: database }), workers: () => workers },
    modules: [],
  });
  const reply = await app.inject({ method: 'GET', url: '/health/ready' });
  await app.close();
  return { status: reply.statusCode, body: reply.json() };
}

const running: WorkerStatus = { name: 'jobs', state: 'running', restarts: 0, lastError: null };
const restarting: WorkerStatus = {
  name: 'notify_send',
  state: 'restarting',
  restarts: 3,
  lastError: 'worker pool exited with error: the database system is shutting down',
};

describe('readiness and the supervised workers', () => {
  it('is ready, with the same reply as before, while every worker runs', async () => {
    expect(await readiness(true, [running, { ...restarting, state: 'running' }])).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: true, migrations: true } },
    });
  });

  it(
    'is not ready, naming the worker, while a worker is dead and being restarted ' + '(issue 16: the API said 200)',
    async () => {
      expect(await readiness(true, [running, restarting])).toEqual({
        status: 503,
        body: { status: 'degraded', checks: { database: true, migrations: true }, workers: [restarting] },
      });
    },
  );

  it('says unavailable while the database is away, and still names the dead worker', async () => {
    expect(await readiness(false, [restarting])).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: false, migrations: false }, workers: [restarting] },
    });
  });
});
