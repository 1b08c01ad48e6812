import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 10 });
  const demo = (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as { facilityClient: typeof client };
  client = demo.facilityClient;
});
afterAll(async () => {
  await platform.close();
});

const tokenRequest = (id: string, secret: string) =>
  fetch(`${platform.baseUrl}/idp/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${id}:${secret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=fse:write',
  });

describe('facility systems with OAuth2 client credentials', () => {
  it('get a JWT access token and call the API with it', async () => {
    const response = await tokenRequest(client.clientId, client.clientSecret);
    expect(response.status).toBe(200);
    const token = (await response.json()) as { access_token: string; token_type: string };
    expect(token.token_type).toBe('Bearer');
    expect(token.access_token.split('.')).toHaveLength(3);
    const whoami = await fetch(`${platform.baseUrl}/api/facility/whoami`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ kind: 'facility', clientId: client.clientId, scopes: ['fse:write'] });
  });

  it('are refused a token with a wrong secret', async () => {
    const response = await tokenRequest(client.clientId, 'wrong-secret-wrong-secret');
    expect(response.status).toBe(401);
  });

  it('cannot use a tampered or foreign token', async () => {
    const token = (
      (await (await tokenRequest(client.clientId, client.clientSecret)).json()) as { access_token: string }
    ).access_token;
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    forged.client_id = 'facility-someone-else';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const response = await fetch(`${platform.baseUrl}/api/facility/whoami`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toContain('not valid');
  });
});
