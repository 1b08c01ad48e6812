import type { Element } from 'slimdom';
import { hl7Time } from '../gateway/cda-header.ts';
import { at, attr, child, childrenNamed, descendants, textOf, xsiType } from './dom.ts';
import type { Coded, ResultRow } from './view-model.ts';

/** Types whose value is a measure: a results table row even outside a laboratory report (vital signs in a VPS). */
const MEASURED = new Set(['PQ', 'IVL_PQ', 'INT', 'REAL', 'RTO_PQ_PQ', 'RTO']);
const NORMAL = new Set(['N', 'NEG']);
/** A section's results table stays readable; a laboratory section has tens of rows, never thousands. */
const MAX_ROWS = 500;

/** "1" is UCUM's unity: no unit to show. */
const unitOf = (el: Element | null): string | null => {
  const unit = attr(el, 'unit');
  return unit === null || unit === '1' ? null : unit;
};

function quantity(el: Element | null): string | null {
  const value = attr(el, 'value');
  if (value === null) return null;
  const unit = unitOf(el);
  return unit === null ? value : `${value} ${unit}`;
}

function interval(el: Element): string | null {
  const [lowEl, highEl] = [child(el, 'low'), child(el, 'high')];
  const low = quantity(lowEl);
  const high = quantity(highEl);
  if (low !== null && high !== null && unitOf(lowEl) === unitOf(highEl)) {
    const unit = unitOf(lowEl);
    return `${attr(lowEl, 'value') ?? ''} – ${attr(highEl, 'value') ?? ''}${unit === null ? '' : ` ${unit}`}`;
  }
  if (low !== null && high !== null) return `${low} – ${high}`;
  if (low !== null) return `≥ ${low}`;
  if (high !== null) return `≤ ${high}`;
  return null;
}

function coded(el: Element | null): Coded | null {
  if (el === null) return null;
  const code = attr(el, 'code');
  const display = attr(el, 'displayName') ?? textOf(child(el, 'originalText'));
  if (code === null && display === '') return null;
  return { code: code ?? '', display: display === '' ? (code ?? '') : display };
}

/** The observation's value as shown, and its unit apart; null when it has none to show. */
function valueOf(value: Element): { value: string; unit: string | null } | null {
  const type = xsiType(value) ?? '';
  if (type === 'PQ' || type === 'INT' || type === 'REAL') {
    const v = attr(value, 'value');
    return v === null ? null : { value: v, unit: type === 'PQ' ? unitOf(value) : null };
  }
  if (type === 'IVL_PQ') {
    const v = interval(value);
    return v === null ? null : { value: v, unit: null };
  }
  if (type.startsWith('RTO')) {
    const n = quantity(child(value, 'numerator'));
    const d = quantity(child(value, 'denominator'));
    return n === null || d === null ? null : { value: `${n} / ${d}`, unit: null };
  }
  if (type === 'CD' || type === 'CE' || type === 'CV' || type === 'CO') {
    const c = coded(value);
    return c === null ? null : { value: c.display, unit: null };
  }
  if (type === 'BL') {
    const v = attr(value, 'value');
    return v === null ? null : { value: v, unit: null };
  }
  const text = textOf(value); // ST, ED and anything else: its text
  return text === '' ? null : { value: text, unit: null };
}

function rangeOf(observation: Element): string | null {
  const range = at(observation, 'referenceRange', 'observationRange');
  if (range === null) return null;
  const value = child(range, 'value');
  const shown = value === null ? null : xsiType(value) === 'IVL_PQ' ? interval(value) : valueOf(value)?.value;
  if (shown !== null && shown !== undefined) return shown;
  const text = textOf(child(range, 'text'));
  return text === '' ? null : text;
}

function rowOf(observation: Element, anyValue: boolean): ResultRow | null {
  const value = child(observation, 'value');
  if (value === null) return null;
  const type = xsiType(value) ?? '';
  const interpretation = coded(child(observation, 'interpretationCode'));
  const range = rangeOf(observation);
  if (!anyValue && !MEASURED.has(type) && interpretation === null && range === null) return null;
  const shown = valueOf(value);
  if (shown === null) return null;
  const code = child(observation, 'code');
  const translated = childrenNamed(code, 'translation').map((t) => attr(t, 'displayName'));
  const test =
    attr(code, 'displayName') ??
    (textOf(child(code, 'originalText')) || null) ??
    translated.find((t) => t !== null) ??
    attr(code, 'code') ??
    '';
  const time = child(observation, 'effectiveTime');
  return {
    test,
    value: shown.value,
    unit: shown.unit,
    referenceRange: range,
    interpretation,
    abnormal: interpretation !== null && !NORMAL.has(interpretation.code.toUpperCase()),
    time: hl7Time(attr(time, 'value') ?? attr(child(time, 'low'), 'value') ?? undefined),
  };
}

/**
 * The results table of one section, from its structured entries (not its sub-sections'): every observation with
 * a measured value, and, in a laboratory report, every observation with any value (a culture's "Negativo").
 */
export function resultsOf(section: Element, laboratory: boolean): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const entry of childrenNamed(section, 'entry')) {
    for (const observation of descendants(entry, 'observation', MAX_ROWS)) {
      const row = rowOf(observation, laboratory);
      if (row !== null) rows.push(row);
      if (rows.length >= MAX_ROWS) return rows;
    }
  }
  return rows;
}
