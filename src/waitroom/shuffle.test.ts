import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawCache, drawPermutation } from './shuffle.ts';

describe('the opening draw of the pre-queue', () => {
  it('is a permutation of 1..n, the same on every instance for the same seed', () => {
    const seed = randomBytes(32);
    const a = drawPermutation(seed, 10_000);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(drawPermutation(Buffer.from(seed), 10_000)).toEqual(a);
    expect(drawPermutation(randomBytes(32), 10_000)).not.toEqual(a);
  });

  it('gives the last arrival (12:59:59) every place with the same probability: chi-square over 20,000 draws', () => {
    const size = 10;
    const draws = 20_000;
    const counts = new Array<number>(size).fill(0);
    for (let i = 0; i < draws; i++) {
      const place = drawPermutation(randomBytes(32), size)[size - 1] ?? 0;
      counts[place - 1] = (counts[place - 1] ?? 0) + 1;
    }
    const expected = draws / size;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001, so this fails once in a thousand runs at most.
    expect(chi2).toBeLessThan(27.88);
  });

  it('leaves no trace of arrival order: rank correlation near 0 and late arrivals not ahead', () => {
    const size = 100_000;
    const perm = drawPermutation(randomBytes(32), size);
    // Spearman's rho between arrival order and drawn place; its standard error is 1/sqrt(n-1) ≈ 0.003.
    let sum = 0;
    for (let i = 0; i < size; i++) sum += (i + 1 - (perm[i] ?? 0)) ** 2;
    const rho = 1 - (6 * sum) / (size * (size ** 2 - 1));
    expect(Math.abs(rho)).toBeLessThan(0.02);
    // The last 1% to arrive (the refreshers at 12:59:59) average the middle of the line.
    const last = perm.subarray(size - 1_000);
    const mean = last.reduce((s, p) => s + p, 0) / last.length;
    expect(mean / size).toBeGreaterThan(0.45);
    expect(mean / size).toBeLessThan(0.55);
  });

  // How fast (100,000 places in well under a second) is measured by `npm run bench:timings`, with its limit.
  it('draws 100,000 places: every place once', () => {
    const perm = drawPermutation(randomBytes(32), 100_000);
    expect(new Set(perm).size).toBe(100_000);
    expect(perm.every((place) => place >= 1 && place <= 100_000)).toBe(true);
  });

  it('is cached per room and recomputed when the seed or the size changes', () => {
    const cache = drawCache();
    const seed = randomBytes(32);
    const first = cache.position(1, seed, 50, 7);
    expect(cache.position(1, Buffer.from(seed), 50, 7)).toBe(first);
    expect(cache.permutation(1, seed, 50)).toBe(cache.permutation(1, seed, 50));
    expect(cache.permutation(1, randomBytes(32), 50)).not.toBe(cache.permutation(1, seed, 60));
    expect(() => cache.position(1, seed, 50, 51)).toThrow(/not in the pre-queue/);
  });
});
