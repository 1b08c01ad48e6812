import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { freePort } from '../../../test/helpers/ports.ts';

// The composition npm start uses, in demo mode: the bundled national simulator and the supervised relay.
let platform: TestPlatform;
let simulatorUrl: string;

beforeAll(async () => {
  const port = await freePort();
  simulatorUrl = `http://127.0.0.1:${port}`;
  platform = await startTestPlatform({ demoCitizens: 5, env: { FSE2_NATIONAL_SIMULATOR_PORT: String(port) } });
}, 180_000);
afterAll(async () => {
  await platform.close();
});

describe('the national Gateway simulator in demo mode', () => {
  it('listens on its port with its controls, and the relay runs supervised with its metrics', async () => {
    const control = await fetch(`${simulatorUrl}/sim/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 5, failNext: 1 }),
    });
    expect(control.status).toBe(200);
    expect(await control.json()).toMatchObject({ documents: 0, duplicates: 0, chaos: { latencyMs: 5, failNext: 1 } });
    // The national contract: no JWT, the national error body (403).
    const refused = await fetch(`${simulatorUrl}/v1/documents/x`, { method: 'DELETE' });
    expect(refused.status).toBe(503); // failNext comes first, as an outage would
    const noJwt = await fetch(`${simulatorUrl}/v1/documents/x`, { method: 'DELETE' });
    expect(noJwt.status).toBe(403);
    expect(await noJwt.json()).toMatchObject({ type: '/msg/jwt', status: 403 });

    await expect
      .poll(() => platform.metrics(), { timeout: 20_000, interval: 100 })
      .toMatch(/worker_running\{worker="fse2_forward_relay"\} 1/);
    const metrics = await platform.metrics();
    expect(metrics).toMatch(/^fse2_national_backlog 0$/m);
    expect(metrics).toMatch(/^fse2_national_backlog_oldest_age_seconds 0$/m);
    const ready = await fetch(`${platform.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
  });
});
