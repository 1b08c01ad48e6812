import type { FieldProblem } from '../../shared/errors.ts';
import { isRealDateTime } from '../search/dates.ts';
import { DATATYPES, type Struct } from './datatypes.ts';
import { RESOURCES } from './structure.ts';

/**
 * Regular expressions of the R4 primitive types (http://hl7.org/fhir/R4/datatypes.html), built from the parts the
 * specification's expressions share: year 0001-9999, month, day, time of day (second 60 for a leap second) and
 * zone (Z or -14:00…+14:00).
 */
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = String.raw`([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?`;
const ZONE = String.raw`(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))`;
const DATE_TIME = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`);
const INSTANT = new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${ZONE}$`);
const DATE = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
/** The regular expressions allow 2024-02-30, which JavaScript would store as 1 March: the day must exist. */
const realDay = (v: string): boolean => {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(v)?.[0];
  return day === undefined || isRealDateTime(day);
};

const PRIMITIVES: Readonly<Record<string, (v: unknown) => boolean>> = {
  string: (v) => isString(v) && v.trim() !== '',
  markdown: (v) => isString(v) && v.trim() !== '',
  xhtml: (v) => isString(v) && v.trim().startsWith('<div'),
  code: (v) => isString(v) && /^[^\s]+( [^\s]+)*$/.test(v),
  id: (v) => isString(v) && /^[A-Za-z0-9\-.]{1,64}$/.test(v),
  uri: (v) => isString(v) && /^\S+$/.test(v),
  url: (v) => isString(v) && /^\S+$/.test(v),
  canonical: (v) => isString(v) && /^\S+$/.test(v),
  dateTime: (v) => isString(v) && DATE_TIME.test(v) && realDay(v),
  instant: (v) => isString(v) && INSTANT.test(v) && realDay(v),
  date: (v) => isString(v) && DATE.test(v) && realDay(v),
  time: (v) => isString(v) && /^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?$/.test(v),
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => Number.isSafeInteger(v),
  positiveInt: (v) => Number.isSafeInteger(v) && (v as number) > 0,
  unsignedInt: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  decimal: (v) => typeof v === 'number' && Number.isFinite(v),
  base64Binary: (v) => typeof v === 'string' && v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v),
};

const MAX_PROBLEMS = 20;

interface ElementRule {
  readonly types: readonly string[];
  readonly many: boolean;
  readonly required: boolean;
}

function parseRule(spec: string): ElementRule {
  const required = spec.endsWith('!');
  const body = required ? spec.slice(0, -1) : spec;
  const many = body.endsWith('[]');
  return { types: (many ? body.slice(0, -2) : body).split('|'), many, required };
}

const capitalise = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

class Checker {
  readonly problems: FieldProblem[] = [];

  add(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ field: path, message });
  }

  resource(value: unknown, path: string, expected?: string): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, 'must be a JSON object (a FHIR resource)');
      return;
    }
    const type = (value as { resourceType?: unknown }).resourceType;
    if (typeof type !== 'string') {
      this.add(`${path}.resourceType`, 'is required');
      return;
    }
    if (expected !== undefined && type !== expected) {
      this.add(`${path}.resourceType`, `must be ${expected}, not ${type}`);
      return;
    }
    const struct = RESOURCES[type];
    if (struct === undefined) {
      // Contained resources of other types are kept as given; top-level ones are refused by callers.
      if (expected !== undefined) this.add(`${path}.resourceType`, `${type} is not accepted here`);
      return;
    }
    this.struct(value as Record<string, unknown>, struct, path, new Set(['resourceType']));
    // A modifier extension changes the meaning of what carries it; not understanding one, Salus must refuse it.
    if ((value as { modifierExtension?: unknown }).modifierExtension !== undefined)
      this.add(`${path}.modifierExtension`, 'modifier extensions are not supported');
  }

  struct(value: Record<string, unknown>, struct: Struct, path: string, skip: ReadonlySet<string> = new Set()): void {
    const seen = new Set<string>(skip);
    for (const [name, spec] of Object.entries(struct)) {
      const rule = parseRule(spec);
      if (name.endsWith('[x]')) {
        const stem = name.slice(0, -3);
        const present = rule.types.map((t) => `${stem}${capitalise(t)}`).filter((k) => value[k] !== undefined);
        present.forEach((k) => seen.add(k));
        if (present.length > 1) this.add(`${path}.${stem}[x]`, `only one of ${present.join(', ')} may be present`);
        if (present.length === 0 && rule.required)
          this.add(
            `${path}.${stem}[x]`,
            `is required (one of ${rule.types.map((t) => stem + capitalise(t)).join(', ')})`,
          );
        for (const key of present) {
          const type = rule.types.find((t) => `${stem}${capitalise(t)}` === key) ?? '';
          this.element(value[key], type, false, `${path}.${key}`);
        }
        continue;
      }
      seen.add(name);
      const v = value[name];
      if (v === undefined) {
        if (rule.required) this.add(`${path}.${name}`, 'is required');
        continue;
      }
      if (rule.many) {
        if (!Array.isArray(v)) this.add(`${path}.${name}`, 'must be an array');
        else if (v.length === 0) this.add(`${path}.${name}`, 'must not be an empty array (leave it out instead)');
        else
          v.forEach((item: unknown, i) => {
            this.element(item, rule.types[0] ?? '', false, `${path}.${name}[${i}]`);
          });
      } else this.element(v, rule.types[0] ?? '', true, `${path}.${name}`);
    }
    for (const key of Object.keys(value)) {
      if (seen.has(key) || key === 'id' || key === 'extension') continue;
      // "_field" carries a primitive's id/extensions (FHIR JSON).
      if (key.startsWith('_') && seen.has(key.slice(1))) continue;
      this.add(`${path}.${key}`, 'is not an element of this type in FHIR R4');
    }
    if (value.id !== undefined && !skip.has('id') && struct.id === undefined && typeof value.id !== 'string')
      this.add(`${path}.id`, 'must be a string');
    if (value.extension !== undefined && struct.extension === undefined)
      this.extensions(value.extension, `${path}.extension`);
  }

  extensions(value: unknown, path: string): void {
    if (!Array.isArray(value) || value.length === 0) {
      this.add(path, 'must be a non-empty array');
      return;
    }
    value.forEach((e: unknown, i) => {
      if (typeof e !== 'object' || e === null || typeof (e as { url?: unknown }).url !== 'string')
        this.add(`${path}[${i}]`, 'an extension needs a url');
    });
  }

  element(value: unknown, type: string, single: boolean, path: string): void {
    if (single && Array.isArray(value)) {
      this.add(path, 'must be a single value, not an array');
      return;
    }
    if (value === null) {
      this.add(path, 'must not be null (leave it out instead)');
      return;
    }
    if (type === '*') {
      if (typeof value !== 'object') this.add(path, 'must be an object');
      return;
    }
    if (type === 'Resource') {
      this.resource(value, path);
      return;
    }
    if (type === 'Extension') {
      this.extensions([value], path);
      return;
    }
    const primitive = PRIMITIVES[type];
    if (primitive !== undefined) {
      if (!primitive(value)) this.add(path, `is not a valid ${type}`);
      return;
    }
    const struct = DATATYPES[type];
    if (struct === undefined) throw new Error(`structure.ts lacks the datatype ${type}`);
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, `must be a ${type} object`);
      return;
    }
    this.struct(value as Record<string, unknown>, struct, path);
  }
}

/**
 * Checks a resource against the R4 structure: known elements only, types of
 * primitives, required elements, and single versus repeating cardinality. Returns
 * the problems as FHIRPath-like paths for OperationOutcome.issue.expression.
 */
export function validateResource(value: unknown, expectedType: string, path = expectedType): FieldProblem[] {
  const checker = new Checker();
  checker.resource(value, path, expectedType);
  return checker.problems;
}
