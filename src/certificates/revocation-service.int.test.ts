import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { uciHash } from './revocation-list.ts';
import { isoDay, rapidTest, vaccination } from '../../test/support/certificates/fixtures.ts';
import { testModule, type TestModule } from '../../test/support/certificates/module.ts';

const HOUR = 3_600_000;
let database: TestDatabase;
let t: TestModule;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await testModule(database.db);
});
afterAll(async () => {
  t.remove();
  await database.drop();
});

describe('revoke', () => {
  it('records who revoked what and why, once: a second revocation keeps the first', async () => {
    const { issuance, revocations } = t.module;
    const { certificate } = await issuance.issueCertificate(vaccination('Immunization/1', isoDay(t.now(), -1)));
    const first = await revocations.revoke(certificate.uvci, '  issued by mistake  ', 'region.operator');
    expect(first).toEqual({
      alreadyRevoked: false,
      revocation: {
        uvci: certificate.uvci,
        reason: 'issued by mistake',
        revokedAt: t.now(),
        revokedBy: 'region.operator',
      },
    });
    expect(t.logged.at(-1)).toEqual({
      message: 'certificate revoked',
      details: { uvci: certificate.uvci, revokedBy: 'region.operator' },
    });
    t.advance(60_000);
    const second = await revocations.revoke(certificate.uvci, 'another reason', 'someone.else');
    expect(second).toEqual({ alreadyRevoked: true, revocation: first.revocation });
  });

  it('refuses bad input and UVCIs that Salus did not issue', async () => {
    const { revocations } = t.module;
    await expect(revocations.revoke('URN:UVCI:01:IT:NOTHING#A', 'x', 'op')).rejects.toMatchObject({
      kind: 'validation',
    });
    await expect(
      revocations.revoke('URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B', 'fraud', 'op'),
    ).rejects.toMatchObject({
      kind: 'not_found',
      code: 'certificates.not_found',
    });
    const { certificate } = await t.module.issuance.issueCertificate(
      vaccination('Immunization/2', isoDay(t.now(), -1)),
    );
    const error: unknown = await revocations.revoke(certificate.uvci, ' ', '').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', code: 'certificates.revocation_invalid' });
    expect((error as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['/reason', '/revokedBy']);
  });
});

describe('revocationList', () => {
  it('publishes hashes of revoked, unexpired certificates only', async () => {
    const { issuance, revocations } = t.module;
    const test = await issuance.issueCertificate(rapidTest('Observation/10', new Date(t.now().getTime() - HOUR)));
    const vax = await issuance.issueCertificate(vaccination('Immunization/10', isoDay(t.now(), -1)));
    const kept = await issuance.issueCertificate(vaccination('Immunization/11', isoDay(t.now(), -1)));
    await revocations.revoke(test.certificate.uvci, 'fraud', 'op');
    await revocations.revoke(vax.certificate.uvci, 'fraud', 'op');

    const now = await revocations.revocationList();
    const hashes = now.entries.map((e) => e.hash);
    expect(hashes).toEqual(expect.arrayContaining([uciHash(test.certificate.uvci), uciHash(vax.certificate.uvci)]));
    expect(hashes).not.toContain(uciHash(kept.certificate.uvci));
    expect(JSON.stringify(now)).not.toContain('URN:UVCI');
    expect(now.entries.find((e) => e.hash === uciHash(test.certificate.uvci))?.expires).toBe(
      test.certificate.expiresAt.toISOString(),
    );

    // Three days on, the test certificate has expired by itself and leaves the list.
    t.advance(72 * HOUR);
    const later = (await revocations.revocationList()).entries.map((e) => e.hash);
    expect(later).not.toContain(uciHash(test.certificate.uvci));
    expect(later).toContain(uciHash(vax.certificate.uvci));
  });
});

describe('the verifier and revocation', () => {
  it('fails a revoked certificate in the rules step, from the moment it is revoked', async () => {
    const { issuance, revocations, verifier } = t.module;
    const { certificate } = await issuance.issueCertificate(vaccination('Immunization/20', isoDay(t.now(), -1)));
    expect(await verifier.verify({ hc1: certificate.hc1 })).toMatchObject({
      valid: true,
      failed: null,
      reason: 'valid: not revoked',
    });
    await revocations.revoke(certificate.uvci, 'duplicate', 'op');
    for (const rules of [undefined, 'it' as const]) {
      const result = await verifier.verify({ hc1: certificate.hc1, rules });
      expect(result).toMatchObject({ valid: false, failed: 'rules', payload: certificate.payload });
      expect(result.reason).toBe(`REVOKED: certificate ${certificate.uvci} has been revoked by its issuer`);
    }
  });
});
