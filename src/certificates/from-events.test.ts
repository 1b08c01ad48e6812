import { describe, expect, it } from 'vitest';
import { smsText, vaccinationRequest } from './from-events.ts';
import type { VaccinationEvent } from './events-repository.ts';

const dose: VaccinationEvent = {
  citizenId: 1,
  fiscalCode: 'BRMMRA36C52F205C',
  givenName: 'Maria',
  familyName: 'Brambilla',
  birthDate: '1936-03-12',
  mobilePhone: '+393330000001',
  vaccinationId: 42,
  medicinalProduct: 'EU/1/20/1528',
  manufacturer: 'ORG-100030215',
  productDoses: 2,
  doseNumber: 1,
  // 00:30 in Rome on 1 June is still 31 May in UTC: the DCC's dt is the Italian day.
  administeredAt: new Date('2021-05-31T22:30:00Z'),
  facilityId: null,
  centreName: 'Centro test',
};

describe('the vaccination certificate request', () => {
  it('takes dn/sd, product and manufacturer from the dose, and the day in Italy', () => {
    expect(vaccinationRequest(dose)).toEqual({
      type: 'v',
      subject: { fiscalCode: 'BRMMRA36C52F205C', familyName: 'Brambilla', givenName: 'Maria', birthDate: '1936-03-12' },
      payloadGroup: { vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 1, sd: 2, dt: '2021-06-01' },
      sourceRef: 'Immunization/42',
    });
  });

  it('counts a booster beyond the cycle as n/n, and codes non-mRNA vaccines with the ATC group', () => {
    const booster = vaccinationRequest({ ...dose, doseNumber: 3 });
    expect(booster.payloadGroup).toMatchObject({ dn: 3, sd: 3 });
    expect(vaccinationRequest({ ...dose, medicinalProduct: 'EU/1/21/1529' }).payloadGroup).toMatchObject({
      vp: 'J07BX03',
    });
  });
});

describe('the SMS', () => {
  it('fits one GSM message with a 40-character public URL', () => {
    const url = 'https://salus.sanita.regione.lombardia.it';
    expect(url).toHaveLength(41);
    for (const type of ['v', 't', 'r'] as const) {
      const text = smsText(type, 'ABCDE-12345', url);
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).toContain('Codice ABCDE-12345');
      expect(text).toContain(`${url}/certificato`);
    }
  });
});
