import { describe, expect, it } from 'vitest';
import { checkFiscalCode, checkHealthCard, fiscalCodeCheckChar, luhnCheckDigit, normalizeFiscalCode } from './delegationInput.ts';

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
