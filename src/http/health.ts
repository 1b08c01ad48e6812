import { Type } from 'typebox';
import type { WorkerStatus } from '../shared/supervisor.ts';
import type { TypedApp } from './types.ts';
import { publicAccess } from './policy.ts';

export interface HealthDeps {
  /** Resolves true when the database answers and every migration is applied. */
  readonly ready: () => Promise<{ database: boolean; migrations: boolean }>;
  /** The supervised long-running workers (SMS runner, job runner…), when the app has any. */
  readonly workers?: () => readonly WorkerStatus[];
}

const HealthReply = Type.Object({
  /** degraded: the database is fine but a worker died and is being restarted. */
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Object({ database: Type.Boolean(), migrations: Type.Boolean() })),
  /** Only the workers that are not running, so that a healthy reply stays as small as before. */
  workers: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        state: Type.String(),
        restarts: Type.Integer(),
        lastError: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  ),
});

export function registerHealthRoutes(app: TypedApp, deps: HealthDeps): void {
  app.get(
    '/health/live',
    {
      config: { policy: publicAccess('liveness probe') },
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: HealthReply } },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      config: { policy: publicAccess('readiness probe') },
      schema: {
        tags: ['health'],
        summary: 'The database is reachable, all migrations are applied and every long-running worker runs',
        response: { 200: HealthReply, 503: HealthReply },
      },
    },
    async (_request, reply) => {
      const checks = await deps.ready();
      // A worker restarting after a database outage is expected to show here for a few
      // seconds; one that stays here is the issue 16 failure (SMS queued, API "ready").
      const down = (deps.workers?.() ?? []).filter((w) => w.state !== 'running');
      const database = checks.database && checks.migrations;
      const status = !database ? 'unavailable' : down.length > 0 ? 'degraded' : 'ok';
      return reply
        .status(status === 'ok' ? 200 : 503)
        .send({ status, checks, ...(down.length > 0 ? { workers: down } : {}) });
    },
  );
}
