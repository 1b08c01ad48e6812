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
