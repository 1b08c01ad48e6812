import { NEVER, type PersonRow } from './protocol.ts';

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number =>
    Number((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0).toFixed(1));
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/** The highest mean of `series` (per second) over any `window` consecutive seconds. */
export function bestWindow(series: readonly number[], window: number): number {
  let sum = 0;
  let best = 0;
  for (let i = 0; i < series.length; i++) {
    sum += series[i] ?? 0;
    if (i >= window) sum -= series[i - window] ?? 0;
    if (i >= window - 1) best = Math.max(best, sum / window);
  }
  return series.length < window ? series.reduce((s, v) => s + v, 0) / Math.max(1, series.length) : best;
}

/**
 * Fairness after the opening: the share of people (arrived after the draw, so not in the
 * shuffled pre-queue) who hold a place behind someone who arrived strictly after them,
 * i.e. whose join request ended before theirs began. The counter admits in place order,
 * so this is exactly the share admitted out of arrival order.
 */
export function outOfOrderShare(rows: readonly PersonRow[]): { people: number; outOfOrder: number; share: number } {
  const people = rows
    .filter((r) => r[4] === 0 && r[5] > 0 && r[2] !== NEVER && r[3] !== NEVER)
    .map((r) => ({ start: r[2], end: r[3], position: r[5] }));
  // Sweep by join start; a min-position over all people who joined strictly later (start > my end)
  // tells whether a later arrival holds an earlier place than mine.
  const byStart = [...people].sort((a, b) => a.start - b.start);
  const suffixMin = new Float64Array(byStart.length + 1).fill(Infinity);
  for (let i = byStart.length - 1; i >= 0; i--)
    suffixMin[i] = Math.min(suffixMin[i + 1] ?? Infinity, byStart[i]?.position ?? Infinity);
  let outOfOrder = 0;
  for (const p of people) {
    // First person whose join started after p's join ended.
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((byStart[mid]?.start ?? 0) > p.end) hi = mid;
      else lo = mid + 1;
    }
    if ((suffixMin[lo] ?? Infinity) < p.position) outOfOrder += 1;
  }
  return { people: people.length, outOfOrder, share: people.length === 0 ? 0 : outOfOrder / people.length };
}

/** Per-second p50/p99 of a list of per-second samples, for the chart. */
export function perSecondQuantiles(samples: readonly (readonly number[])[]): { p50: number[]; p99: number[] } {
  const p50: number[] = [];
  const p99: number[] = [];
  for (const s of samples) {
    const q = percentiles(s);
    p50.push(q.p50);
    p99.push(q.p99);
  }
  return { p50, p99 };
}
