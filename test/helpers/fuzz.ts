/**
 * Hostile input for the standing fuzz test: a seeded generator (same seed, same
 * requests, so a failure can be replayed) and the value classes an outside fuzz run
 * turned into 500s (issue 16): NUL bytes, integers beyond bigint, overlong strings,
 * impossible dates and zone offsets, crafted paging cursors, odd unicode, wrong types.
 */

// The registry's seeded PRNG (mulberry32): a failing probe replays from its seed.
export { seededRandom } from '../../src/shared/random.ts';

export const pick = <T>(random: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const cursor = (parts: unknown[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** Strings: each was, or is close to, a value that once reached PostgreSQL unchecked. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'BRMMRA36C52F205C\u0000',
  '9223372036854775808', // bigint max + 1
  '99999999999999999999999999',
  '-9223372036854775809',
  '18446744073709551616',
  '0',
  '-1',
  '1e309',
  'NaN',
  '0x1f',
  'x'.repeat(5_000),
  '\u{1F9EC}'.repeat(300),
  '\u202Eevil',
  'ﬀ\uFEFF\u200B',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '2024-13-45',
  '2024-02-30',
  '0000-00-00',
  '99999-01-01',
  '2024-01-01T25:61:61Z',
  '2024-01-01T00:00:00+99:99',
  '2024-01-01T00:00:00+15:00',
  '2024-01-01T00:00:00-14:01',
  'ge2024-01-01T00:00:00+23:59',
  'le2024-06-01T10:00:00-99:00',
  'eq2024-02-30',
  'gt2024-01-01T00:00:00.123456789+14:00',
  'ap2024',
  'Patient/99999999999999999999',
  'Patient/\u0000',
  'http://evil.example/Patient/1',
  'a|b|c',
  '\\,\\,,,',
  ':exact',
  cursor(['_lastUpdated', 1, '2024-13-45T99:99:99Z', '1']),
  cursor(['_lastUpdated', 1, '2024-02-30 10:00:00+00', '00000000-0000-0000-0000-000000000000']),
  cursor(['date', 1, '2024-01-01T00:00:00+99:99', '1']),
  cursor(['date', 1, '2024-01-01T00:00:00\u0000', '1']),
  cursor(['birthdate', 1, '2024-13-01', '1']),
  cursor(['birthdate', 0, '2024-02-31', '99999999999999999999']),
  cursor(['date', 1, '0000-01-01T00:00:00Z', '1']),
  cursor(['date', 1, '9999-12-31T23:59:59-14:00', '1']),
  'bm90IGpzb24',
  '%',
  '%zz',
  '%00',
  '%C0%AF',
];

/** Values of the wrong JSON type for a body field. */
export const WRONG_TYPES: readonly unknown[] = [
  null,
  true,
  1.5,
  -1,
  2 ** 64,
  [],
  {},
  ['\u0000'],
  { $gt: '' },
  'x'.repeat(20_000),
];

/** Raw (not re-encoded) path and query fragments: broken percent-encoding. */
export const RAW_SEGMENTS: readonly string[] = ['%', '%zz', '%E0%A4%A', '%ff%fe', '%00', '%25%', '..%2f..%2f'];

export interface SchemaLike {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, SchemaLike>;
  readonly required?: readonly string[];
  readonly items?: SchemaLike;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly anyOf?: readonly SchemaLike[];
  readonly default?: unknown;
  readonly example?: unknown;
}

/** A plausible value for a schema: hostile values are then put in one field at a time. */
export function plausible(schema: SchemaLike | undefined, random: () => number): unknown {
  if (schema === undefined) return 'x';
  if (schema.enum !== undefined && schema.enum.length > 0) return pick(random, schema.enum);
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) return plausible(pick(random, schema.anyOf), random);
  const type: string | undefined = typeof schema.type === 'string' ? schema.type : schema.type?.[0];
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = plausible(child, random);
      return out;
    }
    case 'array':
      return [plausible(schema.items, random)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      if (schema.format === 'date') return '2024-03-01';
      if (schema.format === 'date-time') return '2024-03-01T10:00:00Z';
      return 'x';
  }
}
