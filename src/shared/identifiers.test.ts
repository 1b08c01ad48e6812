import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  composeFiscalCode,
  fiscalCodeMatches,
  luhnCheckDigit,
  omocodiaVariants,
  parseE164Phone,
  parseFiscalCode,
  parseHealthCardNumber,
} from './identifiers.ts';

describe('parseFiscalCode', () => {
  it('accepts a valid code, forgiving case and spaces', () => {
    expect(parseFiscalCode(' rssmra38t03f205n ')).toBe('RSSMRA38T03F205N');
  });

  it('rejects a wrong check character with a field error', () => {
    try {
      parseFiscalCode('RSSMRA38T03F205X');
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'validation', code: 'registry.fiscal_code_check' });
    }
  });

  it.each(['', 'RSSMRA38T03F205', '1234567890123456', 'RSSMRA38Z03F205N'])('rejects the malformed %j', (input) => {
    expect(() => parseFiscalCode(input)).toThrow(DomainError);
  });
});

describe('fiscalCodeMatches', () => {
  const code = parseFiscalCode('RSSMRA38T03F205N');

  it('agrees with the birth facts encoded in the code', () => {
    expect(fiscalCodeMatches(code, { birthDate: '1938-12-03', sex: 'M', birthPlaceCode: 'F205' })).toBe(true);
  });

  it('detects a different birth date, sex or place', () => {
    expect(fiscalCodeMatches(code, { birthDate: '1938-12-04', sex: 'M', birthPlaceCode: 'F205' })).toBe(false);
    expect(fiscalCodeMatches(code, { birthDate: '1938-12-03', sex: 'F', birthPlaceCode: 'F205' })).toBe(false);
    expect(fiscalCodeMatches(code, { birthDate: '1938-12-03', sex: 'M', birthPlaceCode: 'A794' })).toBe(false);
  });

  it('still matches an omocodia variant of the same person', () => {
    const variant = omocodiaVariants(code)[0];
    expect(variant).toBeDefined();
    expect(variant).not.toBe(code);
    expect(parseFiscalCode(variant ?? '')).toBe(variant);
    expect(
      fiscalCodeMatches(parseFiscalCode(variant ?? ''), { birthDate: '1938-12-03', sex: 'M', birthPlaceCode: 'F205' }),
    ).toBe(true);
  });

  it('composes a valid code from its parts', () => {
    expect(composeFiscalCode('RSS', 'MRA', '38T03', 'F205')).toBe('RSSMRA38T03F205N');
  });
});

describe('parseHealthCardNumber', () => {
  it('accepts 20 digits with a Luhn check digit', () => {
    const body = '8038000000000000001';
    expect(parseHealthCardNumber(body + luhnCheckDigit(body))).toBe(body + luhnCheckDigit(body));
  });

  it('rejects a wrong check digit or prefix', () => {
    const body = '8038000000000000001';
    const wrong = String((Number(luhnCheckDigit(body)) + 1) % 10);
    expect(() => parseHealthCardNumber(body + wrong)).toThrow(DomainError);
    expect(() => parseHealthCardNumber('12345678901234567890')).toThrow(DomainError);
  });
});

describe('parseE164Phone', () => {
  it.each([
    ['+39 333 123 4567', '+393331234567'],
    ['3331234567', '+393331234567'],
    ['0039 333 1234567', '+393331234567'],
    ['+44 7700 900123', '+447700900123'],
  ])('normalises %j', (input, expected) => {
    expect(parseE164Phone(input)).toBe(expected);
  });

  it.each(['', '12345', '+39 02 1234567', 'abc', '+0123456789'])('rejects %j', (input) => {
    expect(() => parseE164Phone(input)).toThrow(DomainError);
  });
});
