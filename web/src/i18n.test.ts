// Guards the two catalogues: every key exists in both languages with the same
// placeholders, and every t('…') key used in the source exists. The typed t()
// catches most of this at compile time, but only against Italian, and not in
// strings built at run time; this test covers both languages.
import { describe, expect, it } from 'vitest';
import itCatalogue from './locales/it.json';
import enCatalogue from './locales/en.json';
import { defaultLanguage, savedLanguage, storageKey } from './i18n.ts';

type Catalogue = Record<string, unknown>;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(path, value);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of flatten(value as Catalogue, path)) result.set(k, v);
    } else throw new Error(`${path}: unexpected ${typeof value}`);
  }
  return result;
}

const italian = flatten(itCatalogue);
const english = flatten(enCatalogue);

// i18next plural forms: t('x', { count }) resolves x_one, x_other, …
const pluralSuffixes = ['_zero', '_one', '_two', '_few', '_many', '_other'];
function hasKey(catalogue: Map<string, string>, key: string): boolean {
  return catalogue.has(key) || pluralSuffixes.some((suffix) => catalogue.has(key + suffix));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

// Every source file of the app, as text (Vite's glob works in Vitest too and
// keeps this test free of Node APIs, like the rest of web/).
const sources = import.meta.glob<string>(
  ['./**/*.ts', './**/*.tsx', '!./**/*.d.ts', '!./**/*.test.ts', '!./**/*.test.tsx'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
);

function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  // t('key'), t("key"), t(`key`) and i18nKey="key"; a template literal with ${}
  // cannot be checked statically and is rejected below.
  const call = /(?<![\w$.])t\(\s*(['"`])((?:(?!\1).)*)\1/g;
  const transKey = /i18nKey=(['"])([^'"]+)\1/g;
  for (const [file, text] of Object.entries(sources)) {
    for (const match of [...text.matchAll(call), ...text.matchAll(transKey)]) {
      used.set(match[2] ?? '', file);
    }
  }
  return used;
}

describe('translation catalogues', () => {
  it('have the same keys in Italian and English', () => {
    const onlyItalian = [...italian.keys()].filter((key) => !english.has(key));
    const onlyEnglish = [...english.keys()].filter((key) => !italian.has(key));
    expect({ onlyItalian, onlyEnglish }).toEqual({ onlyItalian: [], onlyEnglish: [] });
  });

  it('have no empty texts', () => {
    const empty = [...italian, ...english].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...italian]
      .filter(
        ([key, text]) => english.has(key) && placeholders(text).join() !== placeholders(english.get(key) ?? '').join(),
      )
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('contain every key the source code uses', () => {
    const used = usedKeys();
    // Sanity check that the scan itself works: the app uses dozens of keys.
    expect(used.size).toBeGreaterThan(40);
    const dynamic = [...used].filter(([key]) => key.includes('${')).map(([key, file]) => `${file}: ${key}`);
    expect(dynamic, 'dynamic keys cannot be checked; write each key literally').toEqual([]);
    const missing = [...used]
      .filter(([key]) => !hasKey(italian, key) || !hasKey(english, key))
      .map(([key, file]) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });
});

describe('savedLanguage', () => {
  const storage = (value: string | null) => ({
    getItem: (key: string) => (key === storageKey ? value : null),
  });

  it('defaults to Italian', () => {
    expect(defaultLanguage).toBe('it');
    expect(savedLanguage(undefined)).toBe('it');
    expect(savedLanguage(storage(null))).toBe('it');
  });

  it('returns a remembered supported language', () => {
    expect(savedLanguage(storage('en'))).toBe('en');
  });

  it('ignores unsupported values and blocked storage', () => {
    expect(savedLanguage(storage('fr'))).toBe('it');
    const blocked = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
    };
    expect(savedLanguage(blocked)).toBe('it');
  });
});
