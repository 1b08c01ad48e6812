/**
 * Evaluates validity rules written in the EU DCC business-rules format (eu-dcc-business-rules:
 * Identifier, Type, Country, CertificateType, ValidFrom/ValidTo, AffectedFields, Logic) with
 * CertLogic, through the maintained `certlogic-js`. The rules are data: a country's set is a
 * JSON file; this file only decides which rules apply and words the outcome.
 *
 * Conventions of Salus's rule files, so that an outcome can be explained with numbers:
 * - a rule's Logic is either a check, or `{"if": [applies, check, true]}`;
 * - a validity-window rule's English description reads "<unit> after <what>: from N" or
 *   "…: until N" (N may be `{days <field> <field>}`), and its first affected field is the
 *   date the window counts from; a failing "from" rule means NOT_VALID_YET;
 * - other descriptions may name fields in braces, e.g. "vaccine {v.0.mp} is not accepted".
 */
import { evaluate } from 'certlogic-js';
import type { CertLogicExpression } from 'certlogic-js';
import { parseInstant } from '../codec/index.ts';

export type BusinessRule = {
  Identifier: string;
  Type: 'Acceptance' | 'Invalidation';
  Country: string;
  CertificateType: 'General' | 'Vaccination' | 'Test' | 'Recovery';
  Description: { lang: string; desc: string }[];
  ValidFrom: string;
  ValidTo: string;
  AffectedFields: string[];
  Logic: CertLogicExpression;
};

export type RulesStatus = 'VALID' | 'NOT_VALID' | 'NOT_VALID_YET';
export type RulesOutcome = { ok: boolean; status: RulesStatus; reason: string };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const GROUPS = [
  ['r', 'Recovery'],
  ['t', 'Test'],
  ['v', 'Vaccination'],
] as const;
const DATE_FIELDS = ['dt', 'fr', 'df', 'du'];
const WINDOW = /^((?:days|hours) after .+): (from|until) (\d+|\{days \S+ \S+\})$/;

/**
 * The certificate's group (recovery, then test, then vaccination, as VerificaC19 reads
 * them) and its last entry (`dgc.vaccinations.last()`: a 1.0.0 payload may list every
 * dose). Date fields count as calendar dates: their date part is what the rules compare.
 */
export function evaluateBusinessRules(
  rules: readonly BusinessRule[],
  payload: Record<string, unknown>,
  clock: Date,
  options: { timeZone: string; country: string },
): RulesOutcome {
  const found = GROUPS.map(([key, type]) => ({ key, type, entry: lastEntry(payload[key]) })).find((g) => g.entry);
  if (!found?.entry) return notValid('no vaccination, test or recovery entry');
  const entry = Object.fromEntries(
    Object.entries(found.entry).map(([k, v]) => [k, DATE_FIELDS.includes(k) ? datePart(v) : v]),
  );
  const data = {
    payload: { ...payload, [found.key]: [entry] },
    external: {
      validationClock: clock.toISOString(),
      // The calendar day in the rules' country: day windows count whole local days.
      validationDay: localDate(clock, options.timeZone),
      countryCode: options.country,
    },
  };
  const applicable = rules.filter(
    (rule) =>
      rule.Type === 'Acceptance' &&
      (rule.CertificateType === 'General' || rule.CertificateType === found.type) &&
      Date.parse(rule.ValidFrom) <= clock.getTime() &&
      clock.getTime() < Date.parse(rule.ValidTo),
  );
  const explain = (rule: BusinessRule) => explanation(rule, data, clock);
  for (const rule of applicable) {
    let passed: unknown;
    try {
      passed = evaluate(rule.Logic, data);
    } catch {
      return notValid(`${rule.AffectedFields.join(', ')} missing or invalid (rule ${rule.Identifier})`);
    }
    if (passed === true) continue;
    const window = explain(rule);
    if (!window) return notValid(fill(english(rule), data.payload));
    return window.bound === 'from'
      ? { ok: false, status: 'NOT_VALID_YET', reason: `not valid yet: ${window.text}, valid from ${window.limit}` }
      : notValid(`expired: ${window.text}, valid until ${window.limit}`);
  }
  const windows = applicable.filter((rule) => applies(rule, data)).flatMap((rule) => explain(rule) ?? []);
  const from = windows.find((w) => w.bound === 'from');
  const until = windows.find((w) => w.bound === 'until');
  if (!from || !until) return { ok: true, status: 'VALID', reason: 'valid' };
  return { ok: true, status: 'VALID', reason: `valid: ${from.text}, window ${from.limit}–${until.limit}` };
}

type Data = { payload: Record<string, unknown>; external: { validationDay: string } };

function applies(rule: BusinessRule, data: Data): boolean {
  const logic = rule.Logic as Record<string, unknown>;
  const branches = Array.isArray(logic.if) ? (logic.if as CertLogicExpression[]) : [];
  const [guard] = branches;
  if (branches.length !== 3 || branches[2] !== true || guard === undefined) return true;
  try {
    return evaluate(guard, data) === true;
  } catch {
    return false;
  }
}

function explanation(rule: BusinessRule, data: Data, clock: Date) {
  const match = WINDOW.exec(english(rule));
  const field = rule.AffectedFields[0];
  if (!match || field === undefined) return null;
  const [, unit = '', bound = '', limitText = ''] = match;
  const start = access(data.payload, field);
  const elapsed = unit.startsWith('hours') ? hoursSince(start, clock) : daysBetween(start, data.external.validationDay);
  if (elapsed === null) return null;
  const days = /^\{days (\S+) (\S+)\}$/.exec(limitText);
  const limit = days
    ? daysBetween(access(data.payload, days[1] ?? ''), access(data.payload, days[2] ?? ''))
    : limitText;
  return { bound, text: `${fmt(elapsed)} ${unit}`, limit: String(limit) };
}

function english(rule: BusinessRule): string {
  return (rule.Description.find((d) => d.lang === 'en') ?? rule.Description[0])?.desc ?? rule.Identifier;
}

function fill(text: string, payload: Record<string, unknown>): string {
  return text.replace(/\{([a-z0-9.]+)\}/g, (_, path: string) => String(access(payload, path)));
}

/** "v.0.dt" in the payload, as AffectedFields name it. */
function access(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function hoursSince(value: unknown, clock: Date): number | null {
  const instant = typeof value === 'string' ? parseInstant(value) : null;
  return instant ? (clock.getTime() - instant.getTime()) / HOUR_MS : null;
}

function daysBetween(from: unknown, to: unknown): number | null {
  const a = typeof from === 'string' ? Date.parse(`${dateOnly(from)}T00:00:00Z`) : NaN;
  const b = typeof to === 'string' ? Date.parse(`${dateOnly(to)}T00:00:00Z`) : NaN;
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / DAY_MS);
}

function datePart(value: unknown): unknown {
  return typeof value === 'string' ? dateOnly(value) : value;
}

function dateOnly(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
}

function localDate(clock: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    clock,
  );
}

function lastEntry(group: unknown): Record<string, unknown> | null {
  if (!Array.isArray(group) || group.length === 0) return null;
  const last: unknown = group[group.length - 1];
  return last !== null && typeof last === 'object' ? (last as Record<string, unknown>) : null;
}

function notValid(reason: string): RulesOutcome {
  return { ok: false, status: 'NOT_VALID', reason };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
