import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { buildApp } from './app.ts';

// Issue #16 (Medium 7): every kind of response carries the browser-side defences.
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
});
afterAll(async () => {
  await platform.close();
});

function expectSecurityHeaders(response: Response, what: string): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("script-src-attr 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'self'");
  expect(csp, what).toContain("base-uri 'self'");
  expect(csp, what).toMatch(/form-action 'self'/);
  expect(response.headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('same-origin');
  // Served over plain http here: HSTS would be ignored by browsers, and is not sent.
  expect(response.headers.get('strict-transport-security'), what).toBeNull();
}

describe('security headers', () => {
  it('are on every kind of response: API JSON, problem, FHIR, docs, health, the identity provider', async () => {
    const base = platform.baseUrl;
    const jar = new CookieJar();
    const login = await jar.fetch(`${base}/auth/login?as=citizen`);
    const authorize = await jar.fetch(new URL(login.headers.get('location') ?? '', base).href);
    const interaction = await jar.fetch(new URL(authorize.headers.get('location') ?? '', base).href);
    expect(interaction.headers.get('content-type')).toContain('text/html');
    expect(await interaction.text()).toContain('<form method="post"');
    const pages: [string, Response][] = [
      ['API JSON', await fetch(`${base}/api/registry/stats`)],
      ['API problem 404', await fetch(`${base}/api/nothing-here`)],
      ['FHIR metadata', await fetch(`${base}/fhir/R4/metadata`)],
      ['FHIR OperationOutcome 401', await fetch(`${base}/fhir/R4/Patient`)],
      ['Swagger UI', await fetch(`${base}/docs/static/index.html`)],
      ['OpenAPI JSON', await fetch(`${base}/docs/json`)],
      ['health', await fetch(`${base}/health/live`)],
      ['RP login redirect', login],
      ['IdP authorization redirect (hijacked by oidc-provider)', authorize],
      ['IdP login page', interaction],
      ['IdP discovery', await fetch(`${base}/idp/.well-known/openid-configuration`)],
    ];
    for (const [what, response] of pages) expectSecurityHeaders(response, what);
    expect(pages.find(([what]) => what === 'Swagger UI')?.[1].status).toBe(200);
  });

  it('are on the web app, its static files and its fallback, and HSTS comes with an https PUBLIC_URL', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'salus-web-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Salus</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'sala-attesa.html'), '<!doctype html><title>Sala</title>');
    const build = (publicUrl: string) =>
      buildApp({
        logger: pino({ level: 'silent' }),
        metrics: new Registry(),
        health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
        modules: [],
        webDist: dist,
        publicUrl,
      });
    const { app } = await build('http://localhost:3000');
    const { app: secure } = await build('https://salus.example.it');
    try {
      for (const url of ['/', '/fascicolo', '/sala-attesa.html']) {
        const response = await app.inject({ url });
        expect(response.headers['content-type'], url).toContain('text/html');
        expectSecurityHeaders(new Response(null, { headers: response.headers as Record<string, string> }), url);
        expect(String(response.headers['content-security-policy'])).toContain(
          "form-action 'self' http://localhost:3000",
        );
      }
      const https = await secure.inject({ url: '/fascicolo' });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(String(https.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      expect(String(https.headers['content-security-policy'])).toContain("form-action 'self' https://salus.example.it");
    } finally {
      await Promise.all([app.close(), secure.close()]);
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
