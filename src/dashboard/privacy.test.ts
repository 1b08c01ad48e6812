import { describe, expect, it } from 'vitest';
import { complementarySuppression, coverage, suppress, suppressGrid, suppressList } from './privacy.ts';

/** A hidden cell is derivable when some published equation has it as its only unknown. */
function derivable(grid: (number | null)[][], rowTotals: (number | null)[], columnTotals: (number | null)[]): boolean {
  const lines = [
    ...grid.map((row, r) => [row, rowTotals[r]] as const),
    ...columnTotals.map((total, c) => [grid.map((row) => row[c] ?? null), total] as const),
  ];
  return lines.some(([cells, total]) => total !== null && cells.filter((v) => v === null).length === 1);
}

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

describe('complementary suppression', () => {
  it('hides the next smallest cell when the total would reveal a lone hidden one', () => {
    // 3 hidden alone: 40 - 20 - 17 = 3. Hiding 17 too leaves 20 of two unknowns.
    expect(suppressList([20, 3, 17])).toEqual({ counts: [20, null, null], total: 40 });
  });

  it('leaves a list with no small cell, or with two, as it is', () => {
    expect(suppressList([20, 0, 17])).toEqual({ counts: [20, 0, 17], total: 37 });
    expect(suppressList([20, 1, 2])).toEqual({ counts: [20, null, null], total: 23 });
  });

  it('prefers a non-zero complement, and hides the total when nothing else is left', () => {
    expect(suppressList([0, 3, 9])).toEqual({ counts: [0, null, null], total: 12 });
    // A small total is hidden itself, so it reveals nothing.
    expect(suppressList([0, 3])).toEqual({ counts: [0, null], total: null });
    // Only the total is left to hide (a group whose published total is a larger figure elsewhere).
    expect(complementarySuppression([3, 12, 9], [{ members: [0], total: 1 }])).toEqual([true, true, false]);
  });

  it('stops when the group total is itself hidden', () => {
    expect(complementarySuppression([2, 0, 2], [{ members: [0, 1], total: 2 }])).toEqual([true, false, true]);
  });

  it('protects a two-way table through its row and column totals', () => {
    const grid = [
      [10, 2, 30],
      [12, 15, 9],
      [20, 25, 40],
    ];
    const shown = suppressGrid(grid);
    expect(shown.cells[0]?.[1]).toBeNull();
    // Row 0 and column 1 each get a second hidden cell, and so does the line of that complement.
    for (const row of shown.cells)
      expect(row.filter((v) => v === null).length === 0 || row.filter((v) => v === null).length >= 2).toBe(true);
    for (let c = 0; c < 3; c++) {
      const hidden = shown.cells.filter((row) => row[c] === null).length;
      expect(hidden === 0 || hidden >= 2, `column ${c}`).toBe(true);
    }
    expect(derivable(shown.cells, shown.rowTotals, shown.columnTotals)).toBe(false);
    expect(shown.total).toBe(163);
    // Visible cells are the data's own.
    shown.cells.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v !== null) expect(v).toBe(grid[r]?.[c]);
      });
    });
  });

  it('hides small totals too, and then their complements among the totals', () => {
    const shown = suppressGrid([
      [1, 0],
      [0, 2],
      [30, 40],
    ]);
    expect(shown.rowTotals.slice(0, 2)).toEqual([null, null]);
    expect(shown.cells.flat().filter((v) => v !== null && v > 0 && v < 5)).toEqual([]);
    expect(derivable(shown.cells, shown.rowTotals, shown.columnTotals)).toBe(false);
  });
});
