import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceRange } from '../../api/views.ts';
import { numberLocale } from '../../i18n.ts';

/** Laboratory values keep their decimals (0,9 mg/dL is not 1): up to 4, as the language writes them. */
export function useDecimal(): (value: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const f = new Intl.NumberFormat(numberLocale(i18n.language), { maximumFractionDigits: 4 });
    return (value: number) => f.format(value);
  }, [i18n.language]);
}

/** A reference range as text: "0,7–1,2", "≤ 20", "≥ 60", or the laboratory's own words. */
export function rangeText(range: ReferenceRange | null, decimal: (value: number) => string): string {
  if (range === null) return '–';
  if (range.low !== null && range.high !== null) return `${decimal(range.low)}–${decimal(range.high)}`;
  if (range.high !== null) return `≤ ${decimal(range.high)}`;
  if (range.low !== null) return `≥ ${decimal(range.low)}`;
  return range.text ?? '–';
}

/**
 * Round ticks (1, 2 or 5 times a power of ten), about four steps from just below the lowest value or bound to just
 * above the highest, never below 0 for values that are not negative: 0, 7, 14, 21, 27.6 reads worse than 0, 10, 20, 30.
 */
export function niceAxis(low: number, high: number): { ticks: number[] } {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  let start = Math.floor((low - span * 0.1) / step) * step;
  if (low >= 0) start = Math.max(0, start); // no negative tick under values that cannot be negative
  const end = Math.ceil((high + span * 0.1) / step) * step;
  const ticks: number[] = [];
  // 12 significant digits: 0.1 + 0.2 is printed 0.3.
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks };
}
