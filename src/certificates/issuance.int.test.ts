import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { isDomainError } from '../shared/errors.ts';
import { parseFiscalCode } from '../shared/identifiers.ts';
import { decodeHc1Unverified } from './codec/index.ts';
import type { IssueRequest } from './payload.ts';
import { decodePng } from '../../test/support/certificates/png.ts';
import { pdfText } from '../../test/support/certificates/pdf-text.ts';
import { HOLDER, isoDay, rapidTest, recovery, vaccination } from '../../test/support/certificates/fixtures.ts';
import { testModule, type TestModule } from '../../test/support/certificates/module.ts';
import { isValidUvci } from './uvci.ts';

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

async function rejection(
  promise: Promise<unknown>,
): Promise<{ kind: string; code: string; fields: readonly { field: string }[] }> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

describe('issueCertificate', () => {
  it('signs a vaccination certificate that Salus verifies, with a valid UVCI as ci', async () => {
    const { issuance, verifier } = t.module;
    const result = await issuance.issueCertificate(vaccination('Immunization/100', isoDay(t.now(), -1)));
    expect(result.created).toBe(true);
    const { certificate } = result;
    expect(isValidUvci(certificate.uvci)).toBe(true);
    expect(certificate).toMatchObject({ type: 'v', fiscalCode: HOLDER.fiscalCode, sourceRef: 'Immunization/100' });
    expect(certificate.payload).toMatchObject({
      ver: '1.3.0',
      nam: { fn: "D'Àlessandro Fontanà", fnt: 'DALESSANDRO<FONTANA', gn: 'Maria Lucia', gnt: 'MARIA<LUCIA' },
      dob: '1938-12-03',
      v: [
        { tg: '840539006', mp: 'EU/1/20/1528', dn: 2, sd: 2, co: 'IT', is: 'Regione Lombardia', ci: certificate.uvci },
      ],
    });
    expect(decodeHc1Unverified(certificate.hc1)).toEqual(certificate.payload);
    expect(certificate.expiresAt.getTime() - certificate.issuedAt.getTime()).toBe(365 * 24 * HOUR);
    const verified = await verifier.verify({ hc1: certificate.hc1, rules: 'it' });
    expect(verified).toMatchObject({ valid: true, failed: null, payload: certificate.payload });
    expect(t.logged.at(-1)).toEqual({
      message: 'certificate issued',
      details: { uvci: certificate.uvci, type: 'v', sourceRef: 'Immunization/100' },
    });
  });

  it('returns the same certificate for the same event, also under concurrent calls', async () => {
    const { issuance } = t.module;
    const request = rapidTest('Observation/200', new Date(t.now().getTime() - HOUR));
    const results = await Promise.all(Array.from({ length: 6 }, () => issuance.issueCertificate(request)));
    const uvcis = new Set(results.map((r) => r.certificate.uvci));
    expect(uvcis.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.retrievalCode !== null)).toHaveLength(1);
    const again = await issuance.issueCertificate({ ...request, sourceRef: ' Observation/200 ' });
    expect(again).toMatchObject({ created: false, retrievalCode: null });
    expect(again.certificate.hc1).toBe(results[0]?.certificate.hc1);
  });

  it('refuses to re-issue an event whose content changed', async () => {
    const { issuance } = t.module;
    const dt = isoDay(t.now(), -3);
    await issuance.issueCertificate(vaccination('Immunization/300', dt));
    const changed = vaccination('Immunization/300', isoDay(t.now(), -2));
    expect(await rejection(issuance.issueCertificate(changed))).toMatchObject({
      kind: 'conflict',
      code: 'certificates.source_changed',
    });
    const otherPerson = vaccination('Immunization/300', dt, { fiscalCode: parseFiscalCode('BNCGNN38S02F205I') });
    expect(await rejection(issuance.issueCertificate(otherPerson))).toMatchObject({ kind: 'conflict' });
  });

  it('gives a test certificate 72 h from sample collection, and a recovery one until du', async () => {
    const { issuance } = t.module;
    const sampled = new Date(Math.floor((t.now().getTime() - 2 * HOUR) / 1000) * 1000);
    const test = await issuance.issueCertificate(rapidTest('Observation/400', sampled));
    expect(test.certificate.expiresAt.getTime()).toBe(sampled.getTime() + 72 * HOUR);
    const du = isoDay(t.now(), 150);
    const rec = await issuance.issueCertificate(
      recovery('Condition/400', isoDay(t.now(), -20), isoDay(t.now(), -9), du),
    );
    expect(rec.certificate.expiresAt.toISOString()).toBe(`${du}T23:59:59.000Z`);
  });

  it('refuses malformed or impossible events with field-level validation errors', async () => {
    const { issuance } = t.module;
    const base = vaccination('Immunization/500', isoDay(t.now(), -1));
    const cases: [IssueRequest, string, string][] = [
      [{ ...base, sourceRef: '' }, 'certificates.source_ref_invalid', '/sourceRef'],
      [
        { ...base, type: 'v', payloadGroup: { ...base.payloadGroup, dn: 0 } } as IssueRequest,
        'certificates.payload_invalid',
        '/payloadGroup',
      ],
      [
        { ...base, type: 'v', payloadGroup: { ...base.payloadGroup, dt: 'yesterday' } } as IssueRequest,
        'certificates.payload_invalid',
        '/payloadGroup',
      ],
      [vaccination('Immunization/501', isoDay(t.now(), 2)), 'certificates.payload_invalid', '/payloadGroup/dt'],
      [
        rapidTest('Observation/502', new Date(t.now().getTime() + HOUR)),
        'certificates.payload_invalid',
        '/payloadGroup/sc',
      ],
      [
        rapidTest('Observation/503', new Date(t.now().getTime() - 73 * HOUR)),
        'certificates.already_expired',
        '/payloadGroup',
      ],
      [
        recovery('Condition/504', isoDay(t.now(), -5), isoDay(t.now(), -10), isoDay(t.now(), 100)),
        'certificates.payload_invalid',
        '/payloadGroup/df',
      ],
    ];
    for (const [request, code, field] of cases) {
      const error = await rejection(issuance.issueCertificate(request));
      expect(error, request.sourceRef).toMatchObject({ kind: 'validation', code });
      expect(error.fields.map((f) => f.field)).toContain(field);
    }
    // Nothing was stored for a refused event: once corrected, it is issued afresh.
    expect((await issuance.issueCertificate(vaccination('Immunization/501', isoDay(t.now(), -2)))).created).toBe(true);
    await expect(issuance.findByUvci('URN:UVCI:01:IT:NOPE#A')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('retrieval codes', () => {
  it('open the holder’s unexpired certificate, only with the right code and fiscal code', async () => {
    const { issuance } = t.module;
    const issued = await issuance.issueCertificate(vaccination('Immunization/600', isoDay(t.now(), -1)));
    const code = issued.retrievalCode ?? '';
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect((await issuance.findByRetrievalCode(HOLDER.fiscalCode, code.toLowerCase()))?.uvci).toBe(
      issued.certificate.uvci,
    );
    expect(await issuance.findByRetrievalCode(parseFiscalCode('BNCGNN38S02F205I'), code)).toBeNull();
    expect(await issuance.findByRetrievalCode(HOLDER.fiscalCode, 'AAAAA-AAAAA')).toBeNull();
    expect(await issuance.findByRetrievalCode(HOLDER.fiscalCode, 'nonsense')).toBeNull();

    const replaced = await issuance.replaceRetrievalCode(issued.certificate.uvci);
    expect(await issuance.findByRetrievalCode(HOLDER.fiscalCode, code)).toBeNull();
    expect((await issuance.findByRetrievalCode(HOLDER.fiscalCode, replaced))?.uvci).toBe(issued.certificate.uvci);
  });
});

describe('QR code and PDF of a stored certificate', () => {
  it('renders both from the stored HC1 string', async () => {
    const { issuance } = t.module;
    const { certificate } = await issuance.issueCertificate(
      rapidTest('Observation/700', new Date(t.now().getTime() - HOUR)),
    );
    const png = decodePng(await issuance.qrCode(certificate.uvci));
    expect(png.width).toBeGreaterThan(300);
    const { pages } = await pdfText(await issuance.pdf(certificate.uvci));
    expect(pages[0]).toContain(certificate.uvci);
    expect(pages[0]).toContain('Certificato di test / Test certificate');
    await expect(issuance.pdf('URN:UVCI:01:IT:AAAA#A')).rejects.toMatchObject({ code: 'certificates.not_found' });
  });
});
