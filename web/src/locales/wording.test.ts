// House style of the catalogues that a key-by-key check cannot see (issue 17).
import { describe, expect, it } from 'vitest';
import itCatalogue from './it.json';
import enCatalogue from './en.json';

function texts(catalogue: unknown): string[] {
  if (typeof catalogue === 'string') return [catalogue];
  if (typeof catalogue === 'object' && catalogue !== null) return Object.values(catalogue).flatMap(texts);
  return [];
}

describe('wording', () => {
  it('spells enrolment the British way in English, as EU institutions do', () => {
    // "enrolled" and "enrolling" double the l in British English too; the others do not.
    const american = texts(enCatalogue).filter((text) => /\benroll(?:s|ments?)?\b/i.test(text));
    expect(american).toEqual([]);
  });

  it('offers the self option of the delegation form in a form that fits any gender', () => {
    // "Me stesso" is masculine; a woman enrolling herself read it on her own name.
    expect(texts(itCatalogue).filter((text) => /\bme stess[oa]\b/i.test(text))).toEqual([]);
  });
});
