import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { nationalClient } from '../forward/national-client.ts';
import { createRegionSigner } from '../forward/region-signer.ts';
import type { ClaimedForward } from '../forward/repository.ts';
import { startNationalSimulator, type NationalSimulator } from './simulator.ts';

const PDF = readFileSync(join(FSE2_TESTDATA, 'publication-samples', 'accreditamento', 'SIGNED_RAD1.pdf'));
let sim: NationalSimulator;
let send: ReturnType<typeof nationalClient>;

beforeAll(async () => {
  sim = await startNationalSimulator();
  send = nationalClient({ baseUrl: sim.url, timeoutMs: 2_000, signer: await createRegionSigner('TEST') });
});
afterAll(async () => {
  await sim.close();
});

const creation = (key: string, identificativoDoc: string, requestBody?: Record<string, unknown>): ClaimedForward => ({
  id: '1',
  idempotencyKey: key,
  identificativoDoc,
  operation: 'create',
  request: {
    target: null,
    claims: { sub: 'RSSMRA22A01A399Z^^^&2.16.840.1.113883.2.9.4.3.2&ISO', action_id: 'CREATE' },
    requestBody: requestBody ?? {
      tipologiaStruttura: 'Ospedale',
      tipoDocumentoLivAlto: 'REF',
      assettoOrganizzativo: 'AD_PSC001',
      tipoAttivitaClinica: 'CON',
      identificativoSottomissione: '2.16.840.1.113883.2.9.2.30.4.3.SIM',
      identificativoDoc,
      identificativoRep: '2.16.840.1.113883.2.9.2.30.4.5.1',
    },
  },
  file: PDF,
  attempts: 0,
});

describe('the national Gateway simulator over HTTP', () => {
  it('is an idempotent receiver by jti: a resend answers as the first did and stores nothing twice', async () => {
    const first = await send(creation('key-1', 'SIM^1'));
    const again = await send(creation('key-1', 'SIM^1'));
    expect(first).toMatchObject({ kind: 'forwarded', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(sim.state.documents.size).toBe(1);
    expect(sim.state.duplicates.get('key-1')).toBe(1);
    // Another key for a document it holds is a conflict, a permanent refusal with the national error body.
    expect(await send(creation('key-2', 'SIM^1'))).toMatchObject({
      kind: 'refused',
      status: 409,
      error: { type: '/msg/document-exists', status: 409 },
    });
    expect(await send(creation('key-3', 'SIM^3', { identificativoDoc: 'SIM^3' }))).toMatchObject({
      kind: 'refused',
      status: 400,
      error: { type: '/msg/invalid-format' },
    });
  });

  it('goes down for a set time (connections refused) and comes back by itself', async () => {
    await sim.downFor(300);
    expect(await send(creation('key-4', 'SIM^4'))).toMatchObject({ kind: 'transient', cause: 'unreachable' });
    await expect
      .poll(async () => (await send(creation('key-4', 'SIM^4'))).kind, { timeout: 10_000, interval: 50 })
      .toBe('forwarded');
  });

  it('is slow, answers 503, or hangs past the caller timeout when told', async () => {
    sim.chaos.failNext = 1;
    expect(await send(creation('key-5', 'SIM^5'))).toMatchObject({ kind: 'transient', cause: 'server_error' });
    const impatient = nationalClient({ baseUrl: sim.url, timeoutMs: 200, signer: await createRegionSigner('T') });
    sim.chaos.hangNext = 1;
    expect(await impatient(creation('key-5', 'SIM^5'))).toMatchObject({ kind: 'transient', cause: 'timeout' });
    expect(await send(creation('key-5', 'SIM^5'))).toMatchObject({ kind: 'forwarded', duplicate: false });
    // Slow: the caller gives up, the national side takes it all the same; the resend is its duplicate.
    sim.chaos.latencyMs = 300;
    expect(await impatient(creation('key-6', 'SIM^6'))).toMatchObject({ kind: 'transient', cause: 'timeout' });
    sim.chaos.latencyMs = 0;
    await expect.poll(() => sim.state.answered('key-6')?.status, { timeout: 5_000, interval: 20 }).toBe(202);
    expect(await send(creation('key-6', 'SIM^6'))).toMatchObject({ kind: 'forwarded', duplicate: true });
    expect(sim.state.documents.get('SIM^6')?.status).toBe('current');
  });

  it('answers 429 with Retry-After and the national error above its capacity, doing no work for it', async () => {
    sim.capacity.perSecond = 1; // a full bucket holds one request
    try {
      expect(await send(creation('key-7', 'SIM^7'))).toMatchObject({ kind: 'forwarded', duplicate: false });
      expect(await send(creation('key-8', 'SIM^8'))).toEqual({
        kind: 'transient',
        cause: 'throttled',
        message: 'HTTP 429 (retry after 1000 ms)',
        retryAfterMs: 1_000,
      });
      // As GovWay's traffic policy answers: before the JWT check, with the header and the national error body.
      const raw = await fetch(`${sim.url}/documents/SIM^7`, { method: 'DELETE' });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('retry-after')).toBe('1');
      expect(raw.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await raw.json()).toMatchObject({ status: 429, type: '/msg/too-many-requests' });
      expect(sim.state.throttled).toBe(2);
      expect(sim.state.answered('key-8')).toBeUndefined();
      expect(sim.state.documents.has('SIM^8')).toBe(false);
    } finally {
      sim.capacity.perSecond = 0;
    }
    expect(await send(creation('key-8', 'SIM^8'))).toMatchObject({ kind: 'forwarded', duplicate: false });
  });
});
