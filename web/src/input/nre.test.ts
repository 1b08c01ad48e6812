import { describe, expect, it } from 'vitest';
import { checkNre, normalizeNre } from './nre.ts';

describe('prescription number (NRE)', () => {
  it('accepts it as printed, in groups and in lower case', () => {
    expect(normalizeNre('030a 0000 0000 001')).toBe('030A00000000001');
    expect(checkNre('030a 0000 0000 001')).toBe('ok');
  });

  it('flags symbols or too many characters at once, a short number only later', () => {
    expect(checkNre('')).toBe('empty');
    expect(checkNre('030A0000')).toBe('incomplete');
    expect(checkNre('030A-0000')).toBe('invalid');
    expect(checkNre('030A000000000012')).toBe('invalid');
  });
});
