import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/platform.ts';

// Issue 16, "Safe when deployed". 127.0.0.0/8 is all loopback: a server bound to 127.0.0.1
// refuses connections to 127.0.0.2, one bound to 0.0.0.0 accepts them, and a client can
// take 127.0.0.2 as its source address to play a second peer (the proxy).

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', body });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const FORWARDED = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
const DISCOVERY = '/idp/.well-known/openid-configuration';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
}

async function discovery(platform: TestPlatform, from?: string): Promise<Discovery> {
  const answer = await request(`${platform.baseUrl}${DISCOVERY}`, { headers: FORWARDED, ...(from === undefined ? {} : { from }) });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as Discovery;
}

function endpoints(document: Discovery): string[] {
  return [document.authorization_endpoint, document.token_endpoint, document.jwks_uri, document.end_session_endpoint];
}

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

describe('outside demo mode', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ demoCitizens: 0, env: { SALUS_DEMO: 'false' } });
  });
  afterAll(async () => {
    await platform.close();
  });

  it('has no simulator routes: each is a problem+json 404', async () => {
    const calls = [
      { method: 'GET', path: '/api/sim/phones' },
      { method: 'GET', path: '/api/sim/phones/%2B393331234567/messages' },
      { method: 'GET', path: '/api/sim/config/a' },
      { method: 'PATCH', path: '/api/sim/config/a', body: JSON.stringify({ outage: true }) },
    ];
    for (const call of calls) {
      const answer = await request(`${platform.baseUrl}${call.path}`, {
        method: call.method, headers: { 'content-type': 'application/json' }, ...(call.body === undefined ? {} : { body: call.body }),
      });
      expect(answer.status, `${call.method} ${call.path}`).toBe(404);
      expect(answer.contentType).toContain('application/problem+json');
    }
    const openApi = JSON.parse((await request(`${platform.baseUrl}/docs/json`)).body) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths).filter((path) => path.startsWith('/api/sim'))).toEqual([]);
  });

  it('lists no demo accounts, password or facility secret', async () => {
    const answer = await request(`${platform.baseUrl}/api/demo`);
    expect(JSON.parse(answer.body)).toEqual({ enabled: false, password: null, facilityClient: null, accounts: [] });
  });
});
