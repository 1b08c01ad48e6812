import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { publicAccess } from './policy.ts';

/**
 * One Prometheus registry per app instance (no global default registry), so tests
 * can build several apps in one process.
 */
export function createMetricsRegistry(pool: pg.Pool): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const pools = [
    ['db_pool_connections_total', 'Connections open in the PostgreSQL pool', () => pool.totalCount],
    ['db_pool_connections_idle', 'Idle connections in the PostgreSQL pool', () => pool.idleCount],
    ['db_pool_waiting_requests', 'Queries waiting for a free pooled connection', () => pool.waitingCount],
  ] as const;
  for (const [name, help, read] of pools) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
  return registry;
}

export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'],
    // From 5 ms (a cached read) to 10 s (a failover retry).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template (not the raw URL) keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      config: { policy: publicAccess('Prometheus scrape: aggregate figures only, no personal data') },
      schema: { hide: true },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
