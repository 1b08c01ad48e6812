import { describe, expect, it } from 'vitest';
import { checkRetrievalCode, normalizeRetrievalCode } from './retrievalCode.ts';

describe('the Green Pass SMS code', () => {
  it('is read as the server reads it: case, spaces and dashes ignored, O as 0, I and L as 1', () => {
    expect(normalizeRetrievalCode(' abcde-1o2il ')).toBe('ABCDE10211');
    expect(checkRetrievalCode('abcde-1o2il')).toBe('ok');
  });

  it('is empty, incomplete, or invalid with a letter the alphabet lacks or too many characters', () => {
    expect(checkRetrievalCode(' - ')).toBe('empty');
    expect(checkRetrievalCode('ABCDE-12')).toBe('incomplete');
    expect(checkRetrievalCode('ABCDE-1234U')).toBe('invalid');
    expect(checkRetrievalCode('ABCDE-123456')).toBe('invalid');
  });
});
