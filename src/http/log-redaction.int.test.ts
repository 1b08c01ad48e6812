// The server's log must not carry codici fiscali (in paths and FHIR searches) nor the
// OAuth secrets that travel in URLs (authorization code, state, ID token on logout).
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, loginAs } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { redactUrl } from './log-redaction.ts';

let platform: TestPlatform;
const written: string[] = [];
const output = (): string => written.join('');

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  platform = await startTestPlatform({ demoCitizens: 20, logger: pino({ level: 'info' }, stream) });
}, 60_000);
afterAll(async () => {
  await platform.close();
});

/** The log line for a request is written once the response is sent: wait for it. */
async function logged(marker: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!output().includes(marker)) {
    if (Date.now() > deadline) throw new Error(`no log line with ${marker}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the server log', () => {
  it('keeps the authorization code, state, ID token and codici fiscali out of request URLs', async () => {
    const redirects: string[] = [];
    class RecordingJar extends CookieJar {
      override store(response: Response): void {
        const location = response.headers.get('location');
        if (location !== null) redirects.push(location);
        super.store(response);
      }
    }
    const { jar, csrf, me } = await loginAs(platform.baseUrl, 'maria.brambilla', { jar: new RecordingJar() });
    const callback = new URL(redirects.find((r) => r.includes('/auth/callback?')) ?? '', platform.baseUrl);
    const code = callback.searchParams.get('code') ?? '';
    const state = callback.searchParams.get('state') ?? '';
    expect(code.length).toBeGreaterThan(10);
    expect(state.length).toBeGreaterThan(10);

    const cf = me.fiscalCode;
    await jar.fetch(`${platform.baseUrl}/api/citizens/${cf}`);
    await jar.fetch(
      `${platform.baseUrl}/fhir/R4/Patient?identifier=` +
        encodeURIComponent(`http://hl7.it/sid/codiceFiscale|${cf.toLowerCase()}`),
    );
    const logout = await jar.fetch(`${platform.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
    });
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    const idToken = new URL(redirectTo).searchParams.get('id_token_hint') ?? '';
    expect(idToken.length).toBeGreaterThan(20);
    await jar.fetch(redirectTo);
    await fetch(`${platform.baseUrl}/api/marker-after-logout`);
    await logged('/api/marker-after-logout');

    const log = output();
    // The requests were logged, with their paths...
    expect(log).toContain('/auth/callback?');
    expect(log).toContain('/api/citizens/[cf]');
    expect(log).toContain('/idp/session/end?');
    // ...but none of the secrets nor the codice fiscale, in any case or encoding.
    expect(log).not.toContain(code);
    expect(log).not.toContain(state);
    expect(log).not.toContain(idToken);
    expect(log).not.toContain(idToken.split('.')[1] ?? idToken);
    expect(log.toUpperCase()).not.toContain(cf);
  });
});

describe('redactUrl', () => {
  it('masks secret parameters whatever their case or encoding and keeps the others', () => {
    expect(redactUrl('/auth/callback?code=abc&STATE=def&iss=http%3A%2F%2Fx')).toBe(
      '/auth/callback?code=[redacted]&STATE=[redacted]&iss=http%3A%2F%2Fx',
    );
    expect(redactUrl('/x?id%5Ftoken%5Fhint=eyJ&returnTo=%2Fprofilo')).toBe(
      '/x?id%5Ftoken%5Fhint=[redacted]&returnTo=%2Fprofilo',
    );
    expect(redactUrl('/api/gp/patients/RSSMRA80A01H501U/recoveries')).toBe('/api/gp/patients/[cf]/recoveries');
    // The home page's "try as" link names the person who logs in.
    expect(redactUrl('/auth/login?as=citizen&loginHint=maria.brambilla')).toBe(
      '/auth/login?as=citizen&loginHint=[redacted]',
    );
    // Omocodia: digits replaced by letters are still a codice fiscale.
    expect(redactUrl('/api/citizens/rssmra80a01h5m1u')).toBe('/api/citizens/[cf]');
  });
});
