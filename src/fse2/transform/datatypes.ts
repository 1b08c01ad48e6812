/** HL7 v3 data types of a CDA2 → FHIR R4 data types. Each returns undefined when the CDA carries no usable value. */
import type {
  Address,
  CodeableConcept,
  Coding,
  ContactPoint,
  HumanName,
  Identifier,
  Period,
  Quantity,
  Range,
} from '@medplum/fhirtypes';
import { attr, child, kids, text, type Element } from './cda-dom.ts';
import { codeSystemUri, identifierSystemUri, isOid, isUuid } from './code-systems.ts';

const TS = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

// One formatter for the whole process: building an Intl formatter costs ~50 µs, a conversion reads dozens of times.
const romeOffsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome', timeZoneName: 'longOffset' });

/** Europe/Rome's UTC offset ("+01:00" or "+02:00") in force at a UTC instant. */
function romeOffsetAt(epochMs: number): string {
  const name = romeOffsetFormat.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

const offsetMinutes = (offset: string): number =>
  (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));

/**
 * The Rome offset for a local wall-clock time with no zone: CDA2s written in Italy without an offset mean Italian
 * time. Resolved in two steps because the offset depends on the instant, which depends on the offset (the 2 hours
 * around a DST change are the only ambiguous ones; the first reading wins there).
 */
function romeOffsetForLocal(y: number, mo: number, d: number, h: number, mi: number, s: number): string {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = romeOffsetAt(asUtc - offsetMinutes('+01:00') * 60_000);
  const second = romeOffsetAt(asUtc - offsetMinutes(first) * 60_000);
  return second;
}

/**
 * HL7 TS → FHIR dateTime, keeping the precision the CDA states (year, month, day, or time). FHIR requires a zone
 * whenever a time is given: the CDA's own offset is kept as written; a time without one is Italian local time.
 */
export function dateTime(value: string | undefined): string | undefined {
  const m = TS.exec(value ?? '');
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (y === undefined) return undefined;
  if (mo === undefined) return y;
  if (Number(mo) < 1 || Number(mo) > 12) return undefined;
  if (d === undefined) return `${y}-${mo}`;
  const day = Number(d);
  if (day < 1 || day > new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()) return undefined;
  if (h === undefined) return `${y}-${mo}-${d}`;
  const [hh, mm, ss] = [h, mi ?? '00', s ?? '00'];
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  const offset =
    zone === undefined
      ? romeOffsetForLocal(Number(y), Number(mo), day, Number(hh), Number(mm), Number(ss))
      : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (Math.abs(offsetMinutes(offset)) > 14 * 60) return undefined;
  return `${y}-${mo}-${d}T${hh}:${mm}:${ss}${frac === undefined ? '' : `.${frac}`}${offset}`;
}

/** FHIR date (no time) of a TS: the day as written in the CDA. */
export function date(value: string | undefined): string | undefined {
  return dateTime(value)?.slice(0, 10);
}

/** TS or IVL_TS → a single dateTime (value, else low, else center) and a Period when the interval has bounds. */
export function effective(el: Element | undefined): { dateTime?: string; period?: Period } {
  if (el === undefined) return {};
  const single = dateTime(attr(el, 'value')) ?? dateTime(attr(child(el, 'center'), 'value'));
  if (single !== undefined) return { dateTime: single };
  const start = dateTime(attr(child(el, 'low'), 'value'));
  const end = dateTime(attr(child(el, 'high'), 'value'));
  if (start === undefined && end === undefined) return {};
  return { period: { ...(start && { start }), ...(end && { end }) } };
}

const FHIR_CODE = (value: string): string => value.replace(/\s+/g, ' ').trim();

function coding(el: Element): Coding | undefined {
  const code = attr(el, 'code');
  if (code === undefined) return undefined;
  const system = codeSystemUri(attr(el, 'codeSystem'));
  const display = attr(el, 'displayName');
  const version = attr(el, 'codeSystemVersion');
  return {
    ...(system && { system }),
    ...(version && { version }),
    code: FHIR_CODE(code),
    ...(display && { display: display.replace(/\s+/g, ' ') }),
  };
}

/** CD/CE/CV → CodeableConcept: the code, then every translation; originalText's own words become `text`. */
export function codeableConcept(el: Element | undefined): CodeableConcept | undefined {
  if (el === undefined) return undefined;
  const codings = [el, ...kids(el, 'translation')].map(coding).filter((c) => c !== undefined);
  const original = child(el, 'originalText');
  const words = original !== undefined && child(original, 'reference') === undefined ? text(original) : undefined;
  if (codings.length === 0 && words === undefined) return undefined;
  return { ...(codings.length > 0 && { coding: codings }), ...(words && { text: words }) };
}

function decimal(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** PQ → Quantity. A CDA2 PQ's unit is UCUM by the HL7 v3 data types standard, so it is also the UCUM code. */
export function quantity(el: Element | undefined): Quantity | undefined {
  const value = decimal(attr(el, 'value'));
  if (value === undefined) return undefined;
  const unit = attr(el, 'unit');
  if (unit === undefined) return { value };
  return { value, unit, system: 'http://unitsofmeasure.org', code: unit };
}

/** IVL_PQ → Range. */
export function range(el: Element | undefined): Range | undefined {
  const low = quantity(child(el, 'low'));
  const high = quantity(child(el, 'high'));
  if (low === undefined && high === undefined) return undefined;
  return { ...(low && { low }), ...(high && { high }) };
}

/** II → Identifier: root is the namespace, extension the value; a bare root is itself the identifier (RFC 3986). */
export function identifier(el: Element | undefined): Identifier | undefined {
  const root = attr(el, 'root');
  const extension = attr(el, 'extension');
  const assigner = attr(el, 'assigningAuthorityName');
  const withAssigner = (id: Identifier): Identifier => (assigner ? { ...id, assigner: { display: assigner } } : id);
  if (root === undefined) return extension === undefined ? undefined : withAssigner({ value: extension });
  if (extension !== undefined) {
    const system = identifierSystemUri(root);
    return withAssigner({ ...(system && { system }), value: extension });
  }
  if (isOid(root)) return withAssigner({ system: 'urn:ietf:rfc:3986', value: `urn:oid:${root}` });
  if (isUuid(root)) return withAssigner({ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${root.toLowerCase()}` });
  return withAssigner({ value: root });
}

export const identifiers = (els: Element[]): Identifier[] => els.map(identifier).filter((i) => i !== undefined);

export function humanName(el: Element | undefined): HumanName | undefined {
  if (el === undefined) return undefined;
  const family = kids(el, 'family')
    .map(text)
    .filter((t) => t !== undefined);
  const given = kids(el, 'given')
    .map(text)
    .filter((t) => t !== undefined);
  const prefix = kids(el, 'prefix')
    .map(text)
    .filter((t) => t !== undefined);
  if (family.length + given.length === 0) {
    const whole = text(el);
    return whole === undefined ? undefined : { text: whole };
  }
  return {
    ...(family.length > 0 && { family: family.join(' ') }),
    ...(given.length > 0 && { given }),
    ...(prefix.length > 0 && { prefix }),
  };
}

const TELECOM_USE: Record<string, ContactPoint['use']> = { H: 'home', HP: 'home', HV: 'home', WP: 'work' };
const TELECOM_USE_MOBILE: Record<string, ContactPoint['use']> = { MC: 'mobile', PG: 'mobile', TMP: 'temp' };

export function contactPoint(el: Element): ContactPoint | undefined {
  const raw = attr(el, 'value');
  if (raw === undefined) return undefined;
  const scheme = /^([a-z]+):(.*)$/i.exec(raw);
  const kinds: Record<string, ContactPoint['system']> = { tel: 'phone', mailto: 'email', fax: 'fax', http: 'url' };
  const system = scheme === null ? 'other' : (kinds[scheme[1]?.toLowerCase() ?? ''] ?? 'url');
  const value = scheme === null || system === 'url' ? raw : (scheme[2]?.trim() ?? raw);
  if (value === '') return undefined;
  const useCode = attr(el, 'use')?.split(/\s+/)[0] ?? '';
  const use = TELECOM_USE[useCode] ?? TELECOM_USE_MOBILE[useCode];
  return { system, value, ...(use && { use }) };
}

export const contactPoints = (els: Element[]): ContactPoint[] => els.map(contactPoint).filter((c) => c !== undefined);

export function address(el: Element): Address | undefined {
  const line = kids(el, 'streetAddressLine')
    .map(text)
    .filter((t) => t !== undefined);
  const [city, district, state, postalCode, country] = ['city', 'county', 'state', 'postalCode', 'country'].map(
    (part) => text(child(el, part)),
  );
  const use = { H: 'home', HP: 'home', WP: 'work', TMP: 'temp' }[attr(el, 'use') ?? ''] as Address['use'];
  const result: Address = {
    ...(use && { use }),
    ...(line.length > 0 && { line }),
    ...(city && { city }),
    ...(district && { district }),
    ...(state && { state }),
    ...(postalCode && { postalCode }),
    ...(country && { country }),
  };
  return Object.keys(result).filter((k) => k !== 'use').length === 0 ? undefined : result;
}

export const addresses = (els: Element[]): Address[] => els.map(address).filter((a) => a !== undefined);
