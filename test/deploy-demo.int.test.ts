import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discovery, endpoints, request } from './helpers/http-peer.ts';
import { startTestPlatform, type TestPlatform } from './helpers/platform.ts';

// Issue 16, safe when deployed: demo mode with HOST unset listens on loopback only, and the
// identity provider believes no X-Forwarded-* header when no proxy is configured.

describe('demo mode without HOST', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ demoCitizens: 0, env: { HOST: '' } });
  });
  afterAll(async () => {
    await platform.close();
  });

  it('listens on loopback only', async () => {
    expect((await request(`${platform.baseUrl}/health/live`)).status).toBe(200);
    const elsewhere = platform.baseUrl.replace('127.0.0.1', '127.0.0.2');
    await expect(request(`${elsewhere}/health/live`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('has the simulator routes', async () => {
    expect((await request(`${platform.baseUrl}/api/sim/phones`)).status).toBe(200);
  });

  it("advertises its own host at the identity provider's discovery whatever X-Forwarded-* say", async () => {
    const document = await discovery(platform);
    expect(document.issuer).toBe(`${platform.baseUrl}/idp`);
    for (const url of endpoints(document)) expect(url.startsWith(`${platform.baseUrl}/idp/`), url).toBe(true);
  });
});
