import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { bearerCaller, facilityToken } from '../../test/support/records/clients.ts';

/** The FSE as the platform composes it (src/modules.ts): routes, demo seed, policies. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 10 });
});
afterAll(async () => {
  await platform.close();
});

describe('records in the running platform', () => {
  it('serves the CapabilityStatement and the seeded demo record through ITI-67', async () => {
    const cs = (await (await fetch(`${platform.baseUrl}/fhir/R4/metadata`)).json()) as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    const hospital = bearerCaller(await facilityToken(platform.baseUrl));
    const found = (await (
      await hospital.get(`${platform.baseUrl}/fhir/R4/DocumentReference?_summary=count`)
    ).json()) as Bundle;
    expect(found.total).toBeGreaterThanOrEqual(4);
  });

  it('declares a policy on every FHIR and records route', () => {
    const mine = platform.routes.filter((r) => r.url.startsWith('/fhir/') || r.url.includes('/records'));
    expect(mine.length).toBeGreaterThan(60);
    expect(mine.filter((r) => r.policy === undefined)).toEqual([]);
  });
});
