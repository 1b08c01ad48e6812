/**
 * Small-count suppression: a count from 1 to 4 in a breakdown that could
 * identify a person (a cohort of a small municipality) is shown as null. The
 * threshold of 5 follows ISTAT's practice for published tables. Zero is not
 * sensitive and shows.
 *
 * Every count the dashboard publishes (page, CSV, day report) goes through this
 * file on the server, so no client ever receives a small count.
 */
export const SUPPRESS_BELOW = 5;

export const isSmall = (count: number): boolean => count > 0 && count < SUPPRESS_BELOW;

export function suppress(count: number): number | null {
  return isSmall(count) ? null : count;
}

/**
 * A published equation: `total` (an index into the cells, or null when the
 * total is not published anywhere) is the sum of the `members` cells. When a
 * group's total is published, a lone hidden member is the total minus the
 * visible ones; complementary suppression hides a second one.
 */
export interface Group {
  readonly members: readonly number[];
  readonly total: number | null;
}

/**
 * Primary suppression of the small cells, then complementary suppression until
 * each group with a hidden cell has at least two hidden cells or a hidden total
 * (the usual rule of statistical offices). The complement is the group's
 * smallest visible non-zero member (hiding the least information); a zero only
 * when nothing else is left, and the total when no member is left at all.
 * Returns which cells are hidden.
 */
export function complementarySuppression(cells: readonly number[], groups: readonly Group[]): boolean[] {
  const hidden = cells.map(isSmall);
  // Each pass hides at least one more cell or stops: at most cells.length passes.
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      if (group.total === null || hidden[group.total] === true) continue;
      const hiddenMembers = group.members.filter((i) => hidden[i] === true).length;
      if (hiddenMembers !== 1) continue;
      const visible = group.members.filter((i) => hidden[i] !== true);
      const byValue = [...visible].sort((a, b) => rank(cells[a] ?? 0) - rank(cells[b] ?? 0) || a - b);
      hidden[byValue[0] ?? group.total] = true;
      changed = true;
    }
  }
  return hidden;
}

/** Smallest non-zero first, zeros last. */
const rank = (value: number): number => (value === 0 ? Number.POSITIVE_INFINITY : value);

/**
 * A list of counts whose total is published (or derivable: every list is
 * treated so, which costs at most one extra hidden cell). Returns the shown
 * counts and the shown total.
 */
export function suppressList(counts: readonly number[]): { counts: (number | null)[]; total: number | null } {
  const total = counts.reduce((s, n) => s + n, 0);
  const cells = [...counts, total];
  const hidden = complementarySuppression(cells, [{ members: counts.map((_, i) => i), total: counts.length }]);
  const shown = cells.map((v, i) => (hidden[i] === true ? null : v));
  return { counts: shown.slice(0, counts.length), total: shown[counts.length] ?? null };
}

/**
 * A two-way table (rows × columns) with its row totals, column totals and grand
 * total all treated as published. Returns the shown cells and totals.
 */
export function suppressGrid(grid: readonly (readonly number[])[]): {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
} {
  const rows = grid.length;
  const columns = Math.max(0, ...grid.map((r) => r.length));
  const at = (r: number, c: number) => r * columns + c;
  const cells: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) cells.push(grid[r]?.[c] ?? 0);
  const rowTotal = (r: number) => rows * columns + r;
  const columnTotal = (c: number) => rows * columns + rows + c;
  const grand = rows * columns + rows + columns;
  const rowSums = grid.map((_, r) =>
    Array.from({ length: columns }, (__, c) => cells[at(r, c)] ?? 0).reduce((s, n) => s + n, 0),
  );
  const columnSums = Array.from({ length: columns }, (_, c) =>
    rowSums.reduce((s, __, r) => s + (cells[at(r, c)] ?? 0), 0),
  );
  cells.push(
    ...rowSums,
    ...columnSums,
    rowSums.reduce((s, n) => s + n, 0),
  );
  const groups: Group[] = [
    ...Array.from({ length: rows }, (_, r) => ({
      members: Array.from({ length: columns }, (__, c) => at(r, c)),
      total: rowTotal(r),
    })),
    ...Array.from({ length: columns }, (_, c) => ({
      members: Array.from({ length: rows }, (__, r) => at(r, c)),
      total: columnTotal(c),
    })),
    { members: rowSums.map((_, r) => rowTotal(r)), total: grand },
    { members: columnSums.map((_, c) => columnTotal(c)), total: grand },
  ];
  const hidden = complementarySuppression(cells, groups);
  const shown = cells.map((v, i) => (hidden[i] === true ? null : v));
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (__, c) => shown[at(r, c)] ?? null)),
    rowTotals: Array.from({ length: rows }, (_, r) => shown[rowTotal(r)] ?? null),
    columnTotals: Array.from({ length: columns }, (_, c) => shown[columnTotal(c)] ?? null),
    total: shown[grand] ?? null,
  };
}

/** Coverage in %, or null when either side is suppressed or the base is empty. */
export function coverage(enrolled: number | null, eligible: number | null): number | null {
  if (enrolled === null || eligible === null || eligible === 0) return null;
  return Math.round((1000 * enrolled) / eligible) / 10;
}
