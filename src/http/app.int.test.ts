import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 300 });
});
afterAll(async () => {
  await platform.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${platform.baseUrl}${path}`, { headers });

describe('the HTTP foundation', () => {
  it('answers liveness and readiness', async () => {
    expect(await (await get('/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: true, migrations: true } });
  });

  it('serves demo data through the API', async () => {
    const stats = (await (await get('/api/registry/stats')).json()) as { citizens: number; municipalities: number };
    expect(stats.citizens).toBe(304); // 300 synthetic + 4 named demo citizens
    expect(stats.municipalities).toBe(1_506);
    const demo = (await (await get('/api/demo')).json()) as { enabled: boolean; accounts: { username: string }[] };
    expect(demo.enabled).toBe(true);
    expect(demo.accounts.map((a) => a.username)).toContain('maria.brambilla');
    const page = (await (await get('/api/registry/municipalities?province=BG&q=Berg')).json()) as {
      items: { name: string }[];
    };
    expect(page.items.map((m) => m.name)).toContain('Bergamo');
  });

  it('exposes Prometheus metrics with per-route latency and pool figures', async () => {
    await get('/api/registry/stats');
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/registry\/stats"/);
    expect(text).toContain('db_pool_connections_total');
    expect(text).toContain('db_pool_waiting_requests');
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = (await (await get('/docs/json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/registry/municipalities', '/health/ready']));
    expect((await get('/docs')).status).toBeLessThan(400);
  });

  it('answers bad input with RFC 7807 problem+json naming the field', async () => {
    const response = await get('/api/registry/municipalities?limit=abc');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { status: number; detail: string; errors: { field: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors[0]?.field).toContain('limit');
  });

  it('answers unknown API routes with a problem 404 and echoes the request id', async () => {
    const response = await get('/api/nothing-here', { 'x-request-id': 'trace-12345678' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('trace-12345678');
  });

  it('never answers fuzzed query strings with a 500', async () => {
    const junk = [
      'limit=-1',
      'offset=99999999',
      'province=milano',
      'q=' + 'x'.repeat(500),
      'q=%00%ff',
      'limit=1e309',
      'extra=1',
    ];
    for (const query of junk) {
      const response = await get(`/api/registry/municipalities?${query}`);
      expect(response.status, query).toBeLessThan(500);
    }
  });
});
