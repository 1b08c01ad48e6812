import { describe, expect, it } from 'vitest';
import { checkFiscalCode, fiscalCodeCheckChar, normalizeFiscalCode } from './fiscalCode.ts';
import { checkHealthCard, luhnCheckDigit } from './healthCard.ts';

describe('codice fiscale check', () => {
  it('accepts a valid code, whatever its case and spacing', () => {
    // The classic example from the Agenzia delle Entrate: Mario Rossi.
    expect(fiscalCodeCheckChar('RSSMRA85T10A562')).toBe('S');
    expect(checkFiscalCode('RSSMRA85T10A562S')).toBe('ok');
    expect(checkFiscalCode(' rssmra85t10a562s ')).toBe('ok');
    expect(normalizeFiscalCode('rss mra 85t10 a562s')).toBe('RSSMRA85T10A562S');
  });

  it('says incomplete while the person is still typing', () => {
    expect(checkFiscalCode('')).toBe('empty');
    expect(checkFiscalCode('RSSMRA85')).toBe('incomplete');
  });

  it('rejects a wrong check letter, a wrong shape and odd characters', () => {
    expect(checkFiscalCode('RSSMRA85T10A562T')).toBe('invalid');
    expect(checkFiscalCode('RSSMRA85Z10A562S')).toBe('invalid');
    expect(checkFiscalCode('RSS-MRA')).toBe('invalid');
    expect(checkFiscalCode('RSSMRA85T10A562SX')).toBe('invalid');
  });

  it('follows the published tables: odd and even positions summed, mod 26', () => {
    // Odd positions R S R 8 T 0 5 2 are worth 8+12+8+19+14+1+13+5 = 80; even
    // positions S M A 5 1 A 6 are worth their index, 18+12+0+5+1+0+6 = 42.
    expect(fiscalCodeCheckChar('RSSMRA85T10A562')).toBe(String.fromCharCode(65 + ((80 + 42) % 26)));
  });

  it('accepts omocodia (digits replaced by letters) with its own check character', () => {
    const first15 = 'RSSMRA85T10A56N';
    expect(fiscalCodeCheckChar(first15)).not.toBe(fiscalCodeCheckChar('RSSMRA85T10A562'));
    expect(checkFiscalCode(first15 + fiscalCodeCheckChar(first15))).toBe('ok');
  });
});

describe('health card check', () => {
  it('computes the Luhn digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('accepts a card with the Italian prefix and a good check digit', () => {
    const body = '8038099900000000004';
    const card = body + String(luhnCheckDigit(body));
    expect(checkHealthCard(card)).toBe('ok');
    expect(checkHealthCard(`${card.slice(0, 10)} ${card.slice(10)}`)).toBe('ok');
  });

  it('follows the typing: incomplete, then wrong as soon as it cannot be right', () => {
    expect(checkHealthCard('')).toBe('empty');
    expect(checkHealthCard('8038')).toBe('incomplete');
    expect(checkHealthCard('8039')).toBe('invalid');
    expect(checkHealthCard('80380abc')).toBe('invalid');
    expect(checkHealthCard('803809990000000000400')).toBe('invalid');
  });

  it('rejects a wrong check digit', () => {
    const body = '8038099900000000004';
    const wrong = (luhnCheckDigit(body) + 1) % 10;
    expect(checkHealthCard(body + String(wrong))).toBe('invalid');
  });
});
