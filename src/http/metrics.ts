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
  // One labelled series per method, route and status, looked up by a string key: prom-client hashes a label
  // object on every observe, a few µs on each of the waiting room's ~1,000 polls a second (issue 21).
  const series = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route template (not the raw URL) keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const key = `${request.method} ${status} ${route}`;
    let observer = series.get(key);
    if (observer === undefined) {
      observer = duration.labels({ method: request.method, route, status_code: status });
      series.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    done();
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
