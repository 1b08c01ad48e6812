import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discovery, endpoints, request } from './helpers/http-peer.ts';
import { startTestPlatform, type TestPlatform } from './helpers/platform.ts';

// Issue 16, safe when deployed: an explicit HOST is honoured in demo mode, and X-Forwarded-*
// headers are believed from the TRUST_PROXY peer only.

describe('demo mode with HOST and TRUST_PROXY set', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ demoCitizens: 0, env: { HOST: '0.0.0.0', TRUST_PROXY: '127.0.0.2' } });
  });
  afterAll(async () => {
    await platform.close();
  });

  it('listens where HOST says', async () => {
    const elsewhere = platform.baseUrl.replace('127.0.0.1', '127.0.0.2');
    expect((await request(`${elsewhere}/health/live`)).status).toBe(200);
  });

  it('believes X-Forwarded-* from the trusted proxy only', async () => {
    const viaProxy = await discovery(platform, '127.0.0.2');
    for (const url of endpoints(viaProxy)) expect(url.startsWith('https://evil.example/idp/'), url).toBe(true);

    const direct = await discovery(platform, '127.0.0.1');
    for (const url of endpoints(direct)) expect(url.startsWith(`${platform.baseUrl}/idp/`), url).toBe(true);
  });
});
