import { describe, expect, it } from 'vitest';
import { coverage, suppress } from './privacy.ts';

describe('small-count suppression', () => {
  it.each([
    [0, 0],
    [1, null],
    [4, null],
    [5, 5],
    [1234, 1234],
  ])('shows %i as %s', (count, shown) => {
    expect(suppress(count)).toBe(shown);
  });

  it('computes coverage only from unsuppressed figures', () => {
    expect(coverage(50, 200)).toBe(25);
    expect(coverage(null, 200)).toBeNull();
    expect(coverage(10, 0)).toBeNull();
  });
});
