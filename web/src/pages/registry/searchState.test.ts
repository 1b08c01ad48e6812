import { describe, expect, it } from 'vitest';
import { municipalitiesPath, pageCount, pageSize, readSearch, writeSearch } from './searchState.ts';

describe('search state in the URL', () => {
  it('reads a full search', () => {
    expect(readSearch(new URLSearchParams('province=bg&q=%20Bergamo%20&page=3'))).toEqual({
      province: 'BG',
      q: 'Bergamo',
      page: 3,
    });
  });

  it('falls back to defaults for junk', () => {
    expect(readSearch(new URLSearchParams('province=Milano&page=-2'))).toEqual({ province: '', q: '', page: 1 });
    expect(readSearch(new URLSearchParams('page=abc')).page).toBe(1);
    expect(readSearch(new URLSearchParams(`q=${'x'.repeat(500)}`)).q).toHaveLength(100);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(writeSearch({ province: '', q: '', page: 1 }).toString()).toBe('');
    const state = { province: 'MI', q: 'San Donato', page: 2 };
    expect(readSearch(writeSearch(state))).toEqual(state);
  });

  it('maps a page to limit and offset', () => {
    expect(municipalitiesPath({ province: 'MI', q: '', page: 3 })).toBe(
      `/api/registry/municipalities?province=MI&limit=${pageSize}&offset=${2 * pageSize}`,
    );
  });

  it('counts pages', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(pageSize)).toBe(1);
    expect(pageCount(pageSize + 1)).toBe(2);
  });
});
