import type { Brand } from './brand.ts';
import { validationError } from './errors.ts';
import { CodiceFiscale } from './fiscal-code-lib.ts';

export type FiscalCode = Brand<string, 'FiscalCode'>;
export type HealthCardNumber = Brand<string, 'HealthCardNumber'>;
export type E164Phone = Brand<string, 'E164Phone'>;
export type IstatCode = Brand<string, 'IstatCode'>;

const FISCAL_CODE_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Parses a codice fiscale: shape and check character (the 16th). Case and spaces are forgiven. */
export function parseFiscalCode(input: string, field = 'fiscalCode'): FiscalCode {
  const code = input.replace(/\s+/g, '').toUpperCase();
  if (!FISCAL_CODE_SHAPE.test(code)) {
    throw validationError(
      'registry.fiscal_code_invalid',
      'The codice fiscale must have 16 characters in the official format.',
      [{ field, message: 'expected 16 characters such as RSSMRA38T03F205N' }],
    );
  }
  if (!CodiceFiscale.check(code)) {
    throw validationError(
      'registry.fiscal_code_check',
      'The codice fiscale has a wrong check character: please check it.',
      [{ field, message: 'the last character does not match the other 15' }],
    );
  }
  return code as FiscalCode;
}

// Omocodia replaces digits with these letters when two people would share a code.
const OMOCODIA = 'LMNPQRSTUV';
const OMOCODIA_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

function withoutOmocodia(code: string): string {
  const chars = code.split(''); // codici fiscali are ASCII only
  for (const i of OMOCODIA_POSITIONS) {
    const c = chars[i] ?? '';
    const digit = OMOCODIA.indexOf(c);
    if (digit >= 0) chars[i] = String(digit);
  }
  return chars.join('');
}

export interface BirthFacts {
  readonly birthDate: string; // YYYY-MM-DD
  readonly sex: 'M' | 'F';
  readonly birthPlaceCode: string; // cadastral code
}

/** True when the code's date, sex and birthplace segments agree with the registry's facts. */
export function fiscalCodeMatches(code: FiscalCode, facts: BirthFacts): boolean {
  const plain = withoutOmocodia(code);
  const [year, month, day] = facts.birthDate.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const expectedDate = CodiceFiscale.dateCode(day, month, year, facts.sex);
  return plain.slice(6, 11) === expectedDate && plain.slice(11, 15) === facts.birthPlaceCode;
}

/** Builds a code from its parts, with the check character from the library. */
export function composeFiscalCode(
  surnameCode: string,
  nameCode: string,
  dateCode: string,
  placeCode: string,
): FiscalCode {
  const partial = `${surnameCode}${nameCode}${dateCode}${placeCode}`;
  return `${partial}${CodiceFiscale.getCheckCode(partial)}` as FiscalCode;
}

/** The next omocodia variant of a code, used when two people would otherwise share one. */
export function omocodiaVariants(code: FiscalCode): FiscalCode[] {
  return CodiceFiscale.getOmocodie(code) as FiscalCode[];
}

/**
 * Tessera sanitaria (TEAM card) number: 20 digits, starting 80380 (80 = health,
 * 380 = Italy), ending with a Luhn check digit.
 */
export function parseHealthCardNumber(input: string, field = 'healthCardNumber'): HealthCardNumber {
  const digits = input.replace(/\s+/g, '');
  if (!/^80380\d{15}$/.test(digits) || luhnCheckDigit(digits.slice(0, 19)) !== digits.slice(19)) {
    throw validationError(
      'registry.health_card_invalid',
      'The health card number must be the 20 digits printed on the card, starting with 80380.',
      [{ field, message: 'expected 20 digits starting with 80380' }],
    );
  }
  return digits as HealthCardNumber;
}

export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Mobile phone in E.164. Italian numbers may be typed without +39 and with spaces. */
export function parseE164Phone(input: string, field = 'mobilePhone'): E164Phone {
  let phone = input.replace(/[\s().-]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (/^3\d{8,9}$/.test(phone)) phone = `+39${phone}`;
  if (!/^\+[1-9]\d{6,14}$/.test(phone) || (phone.startsWith('+39') && !/^\+393\d{8,9}$/.test(phone))) {
    throw validationError('registry.phone_invalid', 'The mobile number is not valid. Example: +39 333 123 4567.', [
      { field, message: 'expected an Italian mobile number (3xx…) or an international number starting with +' },
    ]);
  }
  return phone as E164Phone;
}

export function parseIstatCode(input: string, field = 'istatCode'): IstatCode {
  if (!/^\d{6}$/.test(input)) {
    throw validationError('registry.istat_invalid', 'An ISTAT municipality code has 6 digits.', [
      { field, message: 'expected 6 digits such as 015146' },
    ]);
  }
  return input as IstatCode;
}
