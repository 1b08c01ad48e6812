import { Registry } from 'prom-client';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { publicAccess } from './policy.ts';

const deps = (modules: Parameters<typeof buildApp>[0]['modules']) => ({
  logger: pino({ level: 'silent' }),
  metrics: new Registry(),
  health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
  modules,
});

describe('route policies', () => {
  it('refuses to start when a route declares no policy', async () => {
    await expect(
      buildApp(
        deps([
          (app) => {
            app.get('/api/secret', () => 'x');
          },
        ]),
      ),
    ).rejects.toThrow('Routes without a declared policy: GET /api/secret');
  });

  it('lists every registered route with its policy, including plugin routes', async () => {
    const { app, routes } = await buildApp(
      deps([
        (a) => {
          a.get('/api/open', { config: { policy: publicAccess('test') } }, () => 'ok');
        },
      ]),
    );
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.every((r) => r.policy !== undefined)).toBe(true);
    expect(routes.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/api/open', '/metrics', '/health/ready', '/docs']),
    );
    await app.close();
  });
});
