import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysDir, loadOrCreateDevKeys } from '../src/certificates/keys.ts';
import { request } from './helpers/http-peer.ts';
import { startTestPlatform, type TestPlatform } from './helpers/platform.ts';

// Issue 16, safe when deployed: outside demo mode the simulator control routes do not exist,
// /api/demo gives nothing away, and DCCs are signed with a DSC whose CSCA key is elsewhere.

describe('outside demo mode, with a DSC from the offline CSCA', () => {
  let platform: TestPlatform;
  // Stands in for the CSCA's offline machine: the CSCA key stays here, the host gets the DSC only.
  const offline = mkdtempSync(path.join(tmpdir(), 'salus-csca-'));
  let dscKid = '';
  beforeAll(async () => {
    dscKid = (await loadOrCreateDevKeys(offline)).signer.kid.toString('base64');
    platform = await startTestPlatform({
      demoCitizens: 0,
      env: {
        SALUS_DEMO: 'false',
        DCC_DSC_CERT_FILE: path.join(keysDir(offline), 'dsc.cert.pem'),
        DCC_DSC_KEY_FILE: path.join(keysDir(offline), 'dsc.key.pem'),
      },
    });
  });
  afterAll(async () => {
    await platform.close();
    rmSync(offline, { recursive: true, force: true });
  });

  it('signs with the DSC it was given and generates no CSCA key of its own', async () => {
    const trustList = JSON.parse((await request(`${platform.baseUrl}/api/dcc/trust-list`)).body) as { kid: string }[];
    expect(trustList.map((entry) => entry.kid)).toEqual([dscKid]);
    expect(existsSync(keysDir(platform.dataDir))).toBe(false);
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
        method: call.method,
        headers: { 'content-type': 'application/json' },
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      expect(answer.status, `${call.method} ${call.path}`).toBe(404);
      expect(answer.contentType).toContain('application/problem+json');
    }
    const openApi = JSON.parse((await request(`${platform.baseUrl}/docs/json`)).body) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openApi.paths).filter((path) => path.startsWith('/api/sim'))).toEqual([]);
  });

  it('lists no demo accounts, password or facility secret', async () => {
    const answer = await request(`${platform.baseUrl}/api/demo`);
    expect(JSON.parse(answer.body)).toEqual({ enabled: false, password: null, facilityClient: null, accounts: [] });
  });
});
