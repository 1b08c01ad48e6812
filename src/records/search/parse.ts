import { validationError } from '../../shared/errors.ts';
import {
  DEFAULT_COUNT,
  MAX_COUNT,
  type Criterion,
  type Cursor,
  type IncludeDef,
  type SearchableType,
  type SearchRequest,
  type TotalMode,
} from './model.ts';

/** Result parameters every type understands; anything else must be declared by the type. */
const CONTROL = new Set(['_count', '_sort', '_include', '_total', '_summary', '_format', '_cursor', '_pretty']);
const STRING_MODIFIERS = new Set(['exact', 'contains']);

export interface ParseOptions {
  /** `Prefer: handling=lenient`: unknown parameters and modifiers are ignored, not refused. */
  readonly lenient: boolean;
}

const refuse = (message: string, field: string) =>
  validationError('fhir.search_invalid', message, [{ field, message }]);

/**
 * Parses a search's query parameters (in request order, repeats kept) into a
 * SearchRequest. Strict by default, as the FSE issue asks: an unknown parameter is a
 * 400 that names it, since silently ignoring it would return more than was asked for.
 */
export function parseSearch(
  def: SearchableType,
  entries: readonly (readonly [string, string])[],
  options: ParseOptions,
): SearchRequest {
  const criteria: Criterion[] = [];
  const applied: [string, string][] = [];
  const includes: IncludeDef[] = [];
  let count = DEFAULT_COUNT;
  let sort = def.defaultSort;
  let cursorText: string | null = null;
  let total: TotalMode | null = null;
  let summaryCount = false;

  for (const [rawName, value] of entries) {
    const [name = '', modifier, ...extra] = rawName.split(':');
    if (CONTROL.has(name)) {
      switch (name) {
        case '_count': {
          if (!/^\d{1,6}$/.test(value)) throw refuse(`_count must be a whole number, not "${value}".`, '_count');
          count = Math.min(Number(value), MAX_COUNT);
          applied.push(['_count', String(count)]);
          break;
        }
        case '_sort': {
          const keys = value.split(',').filter((k) => k !== '');
          const first = keys[0] ?? '';
          const key = first.startsWith('-') ? first.slice(1) : first;
          const supported = Object.hasOwn(def.sorts, key);
          if (!supported || keys.length > 1) {
            if (!options.lenient) {
              throw refuse(
                `_sort supports one of ${Object.keys(def.sorts).join(', ')} (prefix - for descending) ` +
                  `for ${def.type}; "${value}" is not supported.`,
                '_sort',
              );
            }
            if (!supported) continue;
          }
          sort = { key, desc: first.startsWith('-') };
          applied.push(['_sort', first]);
          break;
        }
        case '_include': {
          const include = def.includes.find((i) => i.code === value || `${i.code}:${i.target}` === value);
          if (include === undefined) {
            if (options.lenient) continue;
            const known = def.includes.map((i) => i.code).join(', ');
            throw refuse(
              `_include=${value} is not supported for ${def.type}${known === '' ? '' : ` (supported: ${known})`}.`,
              '_include',
            );
          }
          if (!includes.includes(include)) includes.push(include);
          applied.push(['_include', value]);
          break;
        }
        case '_total': {
          if (value !== 'none' && value !== 'estimate' && value !== 'accurate')
            throw refuse('_total must be none, estimate or accurate.', '_total');
          total = value;
          applied.push(['_total', value]);
          break;
        }
        case '_summary': {
          if (value === 'count') summaryCount = true;
          else if (value !== 'false') {
            if (options.lenient) continue;
            throw refuse('_summary supports count and false only.', '_summary');
          }
          applied.push(['_summary', value]);
          break;
        }
        case '_format': {
          if (!/^(json|application\/(fhir\+)?json)$/.test(value)) throw notAcceptable(value);
          break;
        }
        case '_cursor':
          cursorText = value;
          break;
        default: // _pretty: whitespace only, ignored
          break;
      }
      continue;
    }

    const param = def.params.find((p) => p.code === name);
    if (param === undefined) {
      if (options.lenient) continue;
      throw refuse(
        `Unknown search parameter "${name}" for ${def.type}. Supported: ${def.params.map((p) => p.code).join(', ')}. ` +
          `Send "Prefer: handling=lenient" to ignore unknown parameters.`,
        name,
      );
    }
    let mod: Criterion['modifier'] = null;
    if (modifier !== undefined || extra.length > 0) {
      const typedReference =
        (param.kind === 'reference' || param.kind === 'patient') &&
        modifier !== undefined &&
        (param.targets ?? ['Patient']).includes(modifier) &&
        extra.length === 0;
      if (param.kind === 'string' && modifier !== undefined && STRING_MODIFIERS.has(modifier) && extra.length === 0)
        mod = modifier as 'exact' | 'contains';
      else if (!typedReference) {
        if (options.lenient) continue;
        throw refuse(`The modifier ":${[modifier, ...extra].join(':')}" is not supported on ${name}.`, rawName);
      }
    }
    const values = splitValues(value);
    if (values.length === 0) continue; // an empty parameter is ignored (FHIR R4 3.1.1.5.1)
    criteria.push({ param, modifier: mod, values });
    applied.push([rawName, value]);
  }

  const cursor = cursorText === null ? null : decodeCursor(cursorText, sort);
  return { type: def.type, criteria, count, sort, cursor, includes, total, summaryCount, applied };
}

/** Splits on commas that are not escaped with a backslash (FHIR R4 3.1.1.5.7). */
export function splitValues(value: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\' && i + 1 < value.length) {
      current += value[i + 1] ?? '';
      i++;
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.filter((v) => v !== '');
}

/** 406: Salus serves FHIR as JSON only. problem.ts passes a 4xx statusCode through. */
export function notAcceptable(format: string): Error {
  return Object.assign(new Error(`Only FHIR JSON is served; "${format}" cannot be produced.`), {
    statusCode: 406,
    code: 'fhir.not_acceptable',
  });
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.desc ? 1 : 0, cursor.value, cursor.id])).toString('base64url');
}

/** An opaque next-page token: the last row's sort value and id (keyset paging). */
function decodeCursor(text: string, sort: { key: string; desc: boolean }): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse('The paging cursor is not valid: follow the next link as given.', '_cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4)
    throw refuse('The paging cursor is not valid: follow the next link as given.', '_cursor');
  const [key, desc, value, id] = parsed as unknown[];
  if (
    key !== sort.key ||
    desc !== (sort.desc ? 1 : 0) ||
    typeof value !== 'string' ||
    typeof id !== 'string' ||
    value.length > 64 ||
    id.length > 64
  ) {
    throw refuse('The paging cursor does not belong to this search: follow the next link as given.', '_cursor');
  }
  return { sort: key, desc: sort.desc, value, id };
}
