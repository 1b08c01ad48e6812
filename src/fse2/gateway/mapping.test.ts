import { describe, expect, it } from 'vitest';
import { hl7Time } from './cda-header.ts';
import { indexOf } from './mapping.ts';
import type { MetadataDTO } from './schemas.ts';

const referto = { code: { code: '68604-8', codeSystem: '2.16.840.1.113883.6.1', displayName: 'Referto' } };
const metadata = (start: string, end: string): MetadataDTO => ({
  tipologiaStruttura: 'Ospedale',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC001',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: '2.16.840.1.113883.2.9.2.30.4.3.TEST1',
  attiCliniciRegoleAccesso: ['P97'],
  dataInizioPrestazione: start,
  dataFinePrestazione: end,
});

describe('national dates are Italy’s local time (Europe/Rome)', () => {
  it('reads dataInizioPrestazione and dataFinePrestazione in winter as +01:00', () => {
    const index = indexOf(metadata('20220130100000', '20220130112426'), { ...referto, confidentiality: null });
    expect(index.period).toEqual({ start: '2022-01-30T09:00:00.000Z', end: '2022-01-30T10:24:26.000Z' });
  });

  it('reads them in summer as +02:00, not one hour late', () => {
    const index = indexOf(metadata('20220730100000', '20220730112426'), { ...referto, confidentiality: null });
    expect(index.period).toEqual({ start: '2022-07-30T08:00:00.000Z', end: '2022-07-30T09:24:26.000Z' });
  });

  it('refuses a date that does not exist with the national error', () => {
    expect(() => indexOf(metadata('20220230100000', ''), { ...referto, confidentiality: null })).toThrow(
      /dataInizioPrestazione must be valued correctly/,
    );
  });

  it('reads a CDA time without a zone as Rome’s and keeps an explicit zone', () => {
    expect(hl7Time('20220730100000')).toBe('2022-07-30T08:00:00.000Z');
    expect(hl7Time('20220130100000')).toBe('2022-01-30T09:00:00.000Z');
    expect(hl7Time('20220730100000+0000')).toBe('2022-07-30T10:00:00.000Z');
    expect(hl7Time('20220730')).toBe('2022-07-29T22:00:00.000Z');
  });
});
