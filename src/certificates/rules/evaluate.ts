/** Evaluates a DCC payload against the Italian base-mode rules at a given instant. */
import { parseInstant } from '../codec/index.ts';
import { IT_BASE_RULES } from './it-base-rules.ts';
import type { ItalianRules, Window } from './it-base-rules.ts';

export type RulesStatus = 'VALID' | 'NOT_VALID' | 'NOT_VALID_YET';

export type RulesOutcome = { ok: boolean; status: RulesStatus; reason: string };

const HOUR_MS = 3_600_000;

export function evaluateItalianRules(
  payload: Record<string, unknown>,
  clock: Date,
  rules: ItalianRules = IT_BASE_RULES,
): RulesOutcome {
  const recovery = lastEntry(payload.r);
  if (recovery) return checkRecovery(recovery, clock, rules);
  const test = lastEntry(payload.t);
  if (test) return checkTest(test, clock, rules);
  const vaccination = lastEntry(payload.v);
  if (vaccination) return checkVaccination(vaccination, clock, rules);
  return notValid('no vaccination, test or recovery entry');
}

function checkTest(entry: Record<string, unknown>, clock: Date, rules: ItalianRules): RulesOutcome {
  if (entry.tr === rules.test.detected) return notValid('test result: detected');
  const window = typeof entry.tt === 'string' ? rules.test.hoursByType[entry.tt] : undefined;
  if (!window) return notValid(`test type ${String(entry.tt)} is not accepted`);
  const sampled = typeof entry.sc === 'string' ? parseInstant(entry.sc) : null;
  if (!sampled) return notValid('sample collection time (sc) is missing or invalid');
  const hours = (clock.getTime() - sampled.getTime()) / HOUR_MS;
  return inWindow(hours, window, 'hours after sample collection');
}

function checkVaccination(entry: Record<string, unknown>, clock: Date, rules: ItalianRules): RulesOutcome {
  const { vaccination } = rules;
  const mp = typeof entry.mp === 'string' ? entry.mp : '';
  if (!(vaccination.acceptedProducts as readonly string[]).includes(mp))
    return notValid(`vaccine ${mp} is not accepted`);
  const onlyFrom = vaccination.onlyFromCountries[mp];
  const country = typeof entry.co === 'string' ? entry.co : '';
  if (onlyFrom && !onlyFrom.includes(country))
    return notValid(`vaccine ${mp} is accepted only from ${onlyFrom.join(', ')}`);
  const dn = entry.dn;
  const sd = entry.sd;
  if (typeof dn !== 'number' || typeof sd !== 'number') return notValid('dose numbers (dn, sd) are missing');
  const days = daysSince(entry.dt, clock, rules.timeZone);
  if (days === null) return notValid('vaccination date (dt) is missing or invalid');
  if (dn < sd) return inWindow(days, vaccination.notComplete, 'days after an incomplete cycle dose');
  const region = country === 'IT' ? 'IT' : 'other';
  const isJanssen = mp === vaccination.janssen;
  // Booster as VerificaC19 defines it: a second Janssen dose, or for other vaccines
  // a third dose or any dose beyond the declared series.
  const booster = isJanssen ? dn >= 2 : dn >= 3 || dn > sd;
  if (booster) return inWindow(days, vaccination.booster[region], 'days after a booster dose');
  const complete = vaccination.complete[region];
  const start = complete.start + (isJanssen ? vaccination.janssenCompleteExtraStartDays : 0);
  return inWindow(days, { start, end: complete.end }, 'days after completing the cycle');
}

function checkRecovery(entry: Record<string, unknown>, clock: Date, rules: ItalianRules): RulesOutcome {
  const sinceFrom = daysSince(entry.df, clock, rules.timeZone);
  const sinceUntil = daysSince(entry.du, clock, rules.timeZone);
  if (sinceFrom === null || sinceUntil === null) return notValid('recovery dates (df, du) are missing or invalid');
  // du is the last valid day: "days since du" must not be positive.
  const end = sinceFrom - sinceUntil;
  return inWindow(sinceFrom, { start: rules.recovery.startDays, end }, 'days after df (valid until du)');
}

function inWindow(elapsed: number, window: Window, unit: string): RulesOutcome {
  if (elapsed < window.start) {
    return {
      ok: false,
      status: 'NOT_VALID_YET',
      reason: `not valid yet: ${fmt(elapsed)} ${unit}, valid from ${window.start}`,
    };
  }
  if (elapsed > window.end) {
    return { ok: false, status: 'NOT_VALID', reason: `expired: ${fmt(elapsed)} ${unit}, valid until ${window.end}` };
  }
  return { ok: true, status: 'VALID', reason: `valid: ${fmt(elapsed)} ${unit}, window ${window.start}–${window.end}` };
}

function notValid(reason: string): RulesOutcome {
  return { ok: false, status: 'NOT_VALID', reason };
}

/**
 * Whole calendar days from a date (YYYY-MM-DD, or a date-time whose date part is
 * used) to the clock's date in `timeZone`.
 */
function daysSince(value: unknown, clock: Date, timeZone: string): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return null;
  const from = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const today = Date.parse(`${localDate(clock, timeZone)}T00:00:00Z`);
  return Number.isNaN(from) ? null : Math.round((today - from) / 86_400_000);
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

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
