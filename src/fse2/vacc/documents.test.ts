/**
 * Salus's VACC CDA2s against the pinned national catalog (XSD, the current schematron and
 * terminology, through the engine of src/fse2/index.ts): 0 errors for doses of every vaccine of
 * the campaign, several dose numbers, with and without lot, names with accents, apostrophes and
 * markup, in winter and summer time; the certificate from 1 and from 3 single documents.
 */
import { parseXmlDocument } from 'slimdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdaValidator, type CdaValidationResult, type CdaValidator } from '../index.ts';
import { singleVaccinationCda, vaccinationCertificateCda, type VaccDose } from './documents.ts';
import type { VaccPatient } from './header.ts';
import { vaccineCodes } from './vaccines.ts';
import { hl7Time } from './xml.ts';

let validator: CdaValidator;
beforeAll(async () => {
  validator = await createCdaValidator();
}, 60_000);
afterAll(async () => {
  await validator.close();
});

const check = (cda: string): Promise<CdaValidationResult> => validator.validate(Buffer.from(cda, 'utf8'));
const ids = (findings: { id: string }[]): string[] => [...new Set(findings.map((f) => f.id))].sort();

const [nicolo, mariaGrazia, paolo]: [VaccPatient, VaccPatient, VaccPatient] = [
  {
    fiscalCode: 'DLSNCL85M12F205T',
    givenName: 'Nicolò',
    familyName: "D'Alessandro",
    sex: 'M',
    birthDate: '1985-08-12',
  },
  {
    fiscalCode: 'LBRMRA40A41F205X',
    givenName: 'Maria Grazia',
    familyName: "Dell'Orto Lùcia",
    sex: 'F',
    birthDate: '1940-01-01',
  },
  {
    fiscalCode: 'SCRPLA70C10F205K',
    givenName: 'Paolo "<b>"',
    familyName: 'Scarpà & Figli </family>',
    sex: 'M',
    birthDate: '1970-03-10',
  },
];
const centre = { code: 'HUB-MI-001', name: "Hub vaccinale dell'Ospedale & Fiera" };
const dose = (id: number, euNumber: string, doseNumber: number, at: string, lot: string | null): VaccDose => {
  const codes = vaccineCodes(euNumber);
  if (codes === null) throw new Error(`no codes for ${euNumber}`);
  return {
    vaccinationId: id,
    productName: `Vaccino ${euNumber}`,
    codes,
    doseNumber,
    administeredAt: new Date(at),
    lot,
    centre,
  };
};
const doses: [VaccPatient, VaccDose][] = [
  [nicolo, dose(11, 'EU/1/20/1528', 1, '2026-01-15T09:10:00Z', 'FA1234')], // Comirnaty, winter
  [nicolo, dose(12, 'EU/1/20/1528', 2, '2026-02-05T15:45:00Z', null)],
  [nicolo, dose(13, 'EU/1/20/1507', 3, '2026-07-01T08:30:00Z', 'MOD-3003')], // Spikevax booster, summer
  [mariaGrazia, dose(21, 'EU/1/21/1529', 1, '2026-03-29T00:30:00Z', 'ABV 5678')], // Vaxzevria, the night DST begins
  [paolo, dose(31, 'EU/1/20/1525', 1, '2026-10-25T23:59:59Z', "lot'<1>")], // Jcovden
];

const nth = (i: number): [VaccPatient, VaccDose] => {
  const pair = doses[i];
  if (pair === undefined) throw new Error(`no dose ${i}`);
  return pair;
};

describe('single-vaccination CDA2 (schematron_singola_VACC)', () => {
  it.each(doses.map(([p, d]) => [d.vaccinationId, p, d] as const))('dose %i: 0 errors', async (_id, patient, d) => {
    const cda = singleVaccinationCda(patient, d);
    const result = await check(cda);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({
      valid: true,
      documentType: 'SING_VACC',
      schematron: { name: 'schematron_singola_VACC_v3.3.sch' },
    });
    // Only the recommendations Salus cannot honour (site and volume are not recorded: ADR 0013).
    expect(ids(result.warnings)).toEqual(['W004', 'W005']);
    // ATC and the disease table are checked; AIC and LOINC have no table in the catalog, and say so.
    expect(result.unchecked.map((u) => u.codeSystem).sort()).toEqual([
      '2.16.840.1.113883.2.9.6.1.5',
      '2.16.840.1.113883.6.1',
    ]);
  });

  it('keeps names, lots and organisations as data, and dates them in Italian time', () => {
    const [patient, d] = nth(4);
    const doc = parseXmlDocument(singleVaccinationCda(patient, d));
    const text = (name: string, n = 0) => doc.getElementsByTagNameNS('urn:hl7-org:v3', name)[n]?.textContent;
    expect(text('family')).toBe('Scarpà & Figli </family>');
    expect(text('given')).toBe('Paolo "<b>"');
    expect(text('lotNumberText')).toBe("lot'<1>");
    // names: the patient's, then the author's organisation.
    expect(text('name', 1)).toBe("Hub vaccinale dell'Ospedale & Fiera");
    expect(hl7Time(new Date('2026-01-15T09:10:00Z'))).toBe('20260115101000+0100');
    expect(hl7Time(new Date('2026-07-01T08:30:00Z'))).toBe('20260701103000+0200');
    expect(hl7Time(new Date('2026-10-25T23:59:59Z'))).toBe('20261026005959+0100');
  });

  it('is the same bytes for the same dose (a replayed job makes the same document)', () => {
    const [patient, d] = nth(0);
    expect(singleVaccinationCda(patient, d)).toBe(singleVaccinationCda(patient, { ...d }));
  });

  it('leaves an empty lot out', () => {
    const [patient, d] = nth(1);
    expect(singleVaccinationCda(patient, d)).not.toContain('lotNumberText');
  });
});

describe('vaccination certificate CDA2 (schematron_certificato_VACC)', () => {
  const organisation = { code: 'SALUS-FSE', name: 'Fascicolo Sanitario Elettronico - Salus' };
  const certificate = (n: number) => {
    const mine = doses.filter(([p]) => p === nicolo).slice(0, n);
    return vaccinationCertificateCda({
      id: `test-${n}`,
      at: new Date('2026-07-02T10:00:00Z'),
      patient: nicolo,
      organisation,
      singles: mine.map(([p, d]) => singleVaccinationCda(p, d)),
    });
  };

  it.each([1, 3])('from %i dose(s): 0 errors, one entry and one paragraph per dose', async (n) => {
    const cda = certificate(n);
    const result = await check(cda);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({
      valid: true,
      documentType: 'CERT_VACC',
      schematron: { name: 'schematron_certificato_VACC_v2.4.sch' },
    });
    const doc = parseXmlDocument(cda);
    expect(doc.getElementsByTagNameNS('urn:hl7-org:v3', 'substanceAdministration')).toHaveLength(n);
    expect(doc.getElementsByTagNameNS('urn:hl7-org:v3', 'paragraph')).toHaveLength(n);
    const numbers = [...doc.getElementsByTagNameNS('urn:hl7-org:v3', 'value')]
      .filter((v) => v.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') === 'INT')
      .map((v) => v.getAttribute('value'));
    expect(numbers).toEqual(['1', '2', '3'].slice(0, n));
  });
});
