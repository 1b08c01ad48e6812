import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { codeIn, lastQueuedSms } from '../../test/helpers/sms.ts';

let platform: TestPlatform;
let maria: LoggedIn;
const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { cookie: maria.jar.header(), 'x-csrf-token': maria.csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
  maria = await loginAs(platform.baseUrl, 'maria.brambilla');
});
afterAll(async () => {
  await platform.close();
});

describe('SPID citizens: enrolled at once, phone verified separately', () => {
  it('enrolls without waiting for the phone, then verifies a new number with a code', async () => {
    const enrolled = await api('/api/campaigns/covid-over80/enrollments/me', 'POST');
    expect(enrolled.status).toBe(201);
    expect(await (await api('/api/me/phone')).json()).toMatchObject({ verified: false });
    expect((await api('/api/me/phone/verification', 'POST', { mobilePhone: '333 555 0101' })).status).toBe(202);
    const code = codeIn(await lastQueuedSms(platform.db, '+393335550101'));
    expect(
      (await api('/api/me/phone/verification/confirm', 'POST', { code: code === '000000' ? '111111' : '000000' }))
        .status,
    ).toBe(400);
    expect((await api('/api/me/phone/verification/confirm', 'POST', { code })).status).toBe(204);
    expect(await (await api('/api/me/phone')).json()).toEqual({ phone: '+393335550101', verified: true });
  });
});
