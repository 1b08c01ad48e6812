import { describe, expect, it } from 'vitest';
import { icaoName } from './icao-name.ts';

describe('icaoName (ICAO 9303 transliteration for fnt/gnt)', () => {
  it.each([
    ["D'Àlessandro Fontanà", 'DALESSANDRO<FONTANA'],
    ['Maria Lucia', 'MARIA<LUCIA'],
    ['De  Santis-Rossi', 'DE<SANTIS<ROSSI'],
    ['Nicolò', 'NICOLO'],
    ['Müller', 'MUELLER'],
    ['Strauß', 'STRAUSS'],
    ['Øyvind', 'OEYVIND'],
    ['Łukasz Żółć', 'LUKASZ<ZOLC'],
    ['Červenková Panklová', 'CERVENKOVA<PANKLOVA'],
    [' Anna Maria ', 'ANNA<MARIA'],
    ['Jean-Luc  O’Neill', 'JEAN<LUC<ONEILL'],
  ])('%s → %s', (name, expected) => {
    expect(icaoName(name)).toBe(expected);
  });

  it('always fits the schema pattern and length', () => {
    const long = icaoName('Bartolomeo '.repeat(20));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[A-Z<]*$/);
    expect(icaoName('Александр 李')).toBe('');
  });
});
