/** The public routes, in a Fastify app built as platform.ts builds it, on a real database. */
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { buildApp } from '../http/app.ts';
import type { TypedApp } from '../http/types.ts';
import { gatewayTrustList, loadOwnTrust } from './keys.ts';
import { uciHash } from './revocation-list.ts';
import { loadDccSchema } from './codec/index.ts';
import { trustFromDidDocument } from './did-trust-list.ts';
import { verifyCertificate } from './verify-certificate.ts';
import { isoDay, rapidTest, signed, testKeys, vaccination } from '../../test/support/certificates/fixtures.ts';
import { testModule, type TestModule } from '../../test/support/certificates/module.ts';
import { buildPayload } from './payload.ts';
import { newUvci } from './uvci.ts';

const HOUR = 3_600_000;
let database: TestDatabase;
let t: TestModule;
let app: TypedApp;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await testModule(database.db);
  ({ app } = await buildApp({
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
    modules: [
      (a) => {
        t.module.registerRoutes(a);
      },
    ],
  }));
});
afterAll(async () => {
  await app.close();
  t.remove();
  await database.drop();
});

const verify = (body: unknown) =>
  app.inject({ method: 'POST', url: '/api/dcc/verify', payload: body as Record<string, unknown> });

describe('GET /api/dcc/trust-list', () => {
  it('lists Salus’s DSC in the EU DCC Gateway format', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/dcc/trust-list' });
    expect(response.statusCode).toBe(200);
    const expected = gatewayTrustList(await loadOwnTrust(t.dataDir)).map((e) => ({ ...e }));
    expect(response.json()).toEqual(expected);
    expect(expected).toHaveLength(1);
  });
});

describe('GET /api/dcc/trust/did.json', () => {
  it('publishes the same DSC as a GDHCN DID trust list, which verifies what Salus issues', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/dcc/trust/did.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ id: string; verificationMethod: { id: string }[] }>();
    expect(document.id).toMatch(/^did:web:.+:api:dcc:trust$/);
    const [own] = await loadOwnTrust(t.dataDir);
    expect(document.verificationMethod.map((m) => m.id)).toContain(
      `${document.id}:DSC#${own?.kid.toString('base64') ?? ''}`,
    );
    const trust = await trustFromDidDocument(document, () => Promise.reject(new Error('no reference expected')));
    expect(trust.map((signer) => signer.kid.toString('base64'))).toEqual([own?.kid.toString('base64')]);
    const { certificate } = await t.module.issuance.issueCertificate(
      rapidTest('Observation/did', new Date(Math.floor((t.now().getTime() - HOUR) / 1000) * 1000)),
    );
    const result = verifyCertificate(certificate.hc1, {
      trust,
      schema: loadDccSchema(undefined, { formats: 'annotate' }),
      clock: t.now(),
      rules: null,
      isRevoked: null,
    });
    expect(result).toMatchObject({ valid: true });
  });
});

describe('POST /api/dcc/verify', () => {
  it('verifies a certificate, with the Italian rules and a clock when asked', async () => {
    const sampled = new Date(Math.floor((t.now().getTime() - HOUR) / 1000) * 1000);
    const { certificate } = await t.module.issuance.issueCertificate(rapidTest('Observation/1', sampled));
    const ok = await verify({ hc1: certificate.hc1, rules: 'it' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, failed: null, payload: certificate.payload });
    expect(ok.json<{ reason: string }>().reason).toMatch(/^VALID: /);

    const later = new Date(sampled.getTime() + 49 * HOUR).toISOString();
    const expired = await verify({ hc1: certificate.hc1, rules: 'it', clock: later });
    expect(expired.statusCode).toBe(200);
    expect(expired.json()).toMatchObject({ valid: false, failed: 'rules', payload: certificate.payload });
  });

  it('answers failed verifications with 200 and the failing step', async () => {
    const foreignKeys = await testKeys();
    try {
      const payload = buildPayload(vaccination('x', isoDay(t.now(), -1)), newUvci(), 'Elsewhere');
      const unknownSigner = signed(foreignKeys.keys, payload);
      const cases: [string, string][] = [
        ['hello', 'prefix'],
        ['HC1:!!!', 'base45'],
        ['HC1:6BF', 'compression'],
        [unknownSigner, 'kid'],
      ];
      for (const [hc1, failed] of cases) {
        const response = await verify({ hc1 });
        expect(response.statusCode, hc1).toBe(200);
        expect(response.json(), hc1).toMatchObject({ valid: false, failed, payload: null });
      }
    } finally {
      foreignKeys.remove();
    }
  });

  it('fails a revoked certificate, and the public list then names its hash', async () => {
    const { certificate } = await t.module.issuance.issueCertificate(
      vaccination('Immunization/2', isoDay(t.now(), -1)),
    );
    await t.module.revocations.revoke(certificate.uvci, 'fraud', 'region.operator');
    const response = await verify({ hc1: certificate.hc1, rules: 'it' });
    expect(response.json()).toMatchObject({ valid: false, failed: 'rules' });
    expect(response.json<{ reason: string }>().reason).toMatch(/^REVOKED: /);

    const list = await app.inject({ method: 'GET', url: '/api/dcc/revocations' });
    expect(list.statusCode).toBe(200);
    const doc = list.json<{ hashType: string; country: string; entries: { hash: string }[] }>();
    expect(doc).toMatchObject({ hashType: 'UCI', country: 'IT' });
    expect(doc.entries.map((e) => e.hash)).toContain(uciHash(certificate.uvci));
    expect(list.body).not.toContain(certificate.uvci);
  });

  it('answers malformed requests with 400 problem+json naming the field, never 500', async () => {
    const malformed: [string, unknown, string][] = [
      ['missing hc1', {}, 'hc1'],
      ['empty hc1', { hc1: '' }, 'hc1'],
      ['hc1 too long', { hc1: `HC1:${'A'.repeat(5_000)}` }, 'hc1'],
      ['bad clock', { hc1: 'HC1:X', clock: 'tomorrow' }, 'clock'],
      ['impossible date', { hc1: 'HC1:X', clock: '2021-13-40T00:00:00Z' }, 'clock'],
      ['unknown rules', { hc1: 'HC1:X', rules: 'de' }, 'rules'],
      ['extra property', { hc1: 'HC1:X', trust: 'mine' }, 'body'],
      ['object as hc1', { hc1: { a: 1 } }, 'hc1'],
    ];
    for (const [what, body, field] of malformed) {
      const response = await verify(body);
      expect(response.statusCode, what).toBe(400);
      expect(response.headers['content-type'], what).toContain('application/problem+json');
      const problem = response.json<{ status: number; detail: string; errors?: { field: string }[] }>();
      expect(problem.status, what).toBe(400);
      expect(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`, what).toContain(field);
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/dcc/verify',
      headers: { 'content-type': 'application/json' },
      payload: '{"hc1": ',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toContain('application/problem+json');
    const noBody = await app.inject({ method: 'POST', url: '/api/dcc/verify' });
    expect(noBody.statusCode).toBe(400);
  });

  it('never answers junk with a 500', async () => {
    const junk = [
      'HC1:',
      'HC1: ',
      `HC1:${'%'.repeat(300)}`,
      'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH',
      'HC1:\uFFFF',
      `HC1:${'0'.repeat(4_000)}`,
    ];
    for (const hc1 of junk) {
      const response = await verify({ hc1 });
      expect(response.statusCode, JSON.stringify(hc1.slice(0, 20))).toBe(200);
      expect(response.json<{ valid: boolean }>().valid).toBe(false);
    }
    // A NUL byte is refused at the edge for every route (issue 16: it reached PostgreSQL as 22021).
    const nul = await verify({ hc1: '\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toContain('application/problem+json');
  });
});

describe('OpenAPI', () => {
  it('documents the three routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/dcc/trust-list',
        '/api/dcc/trust/did.json',
        '/api/dcc/revocations',
        '/api/dcc/verify',
      ]),
    );
  });
});
