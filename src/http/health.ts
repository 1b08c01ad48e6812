import { Type } from 'typebox';
import type { TypedApp } from './types.ts';
import { publicAccess } from './policy.ts';

export interface HealthDeps {
  /** Resolves true when the database answers and every migration is applied. */
  readonly ready: () => Promise<{ database: boolean; migrations: boolean }>;
}

const HealthReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Object({ database: Type.Boolean(), migrations: Type.Boolean() })),
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
        summary: 'The database is reachable and all migrations are applied',
        response: { 200: HealthReply, 503: HealthReply },
      },
    },
    async (_request, reply) => {
      const checks = await deps.ready();
      const ok = checks.database && checks.migrations;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
}
