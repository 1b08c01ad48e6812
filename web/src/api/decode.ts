// Minimal runtime decoders for API responses. The server is a separate
// deployment that can be older or newer than this bundle, so a response is
// checked before the UI trusts it; the TypeScript types are derived from the
// decoders (types.ts) so the two cannot drift apart.

export class DecodeError extends Error {
  constructor(path: string, expected: string) {
    super(`Unexpected API response at ${path || '<root>'}: expected ${expected}`);
    this.name = 'DecodeError';
  }
}

export type Decoder<T> = (value: unknown, path: string) => T;
export type Decoded<D> = D extends Decoder<infer T> ? T : never;

export const string: Decoder<string> = (value, path) => {
  if (typeof value !== 'string') throw new DecodeError(path, 'string');
  return value;
};

export const number: Decoder<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DecodeError(path, 'number');
  return value;
};

export const boolean: Decoder<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new DecodeError(path, 'boolean');
  return value;
};

export function oneOf<const T extends readonly string[]>(...options: T): Decoder<T[number]> {
  return (value, path) => {
    const found = options.find((option) => option === value);
    if (found === undefined) throw new DecodeError(path, options.join(' | '));
    return found;
  };
}

export function nullable<T>(inner: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null ? null : inner(value, path));
}

/** A field newer servers send: when it is missing (an older server), `fallback` stands in. */
export function orAbsent<T>(inner: Decoder<T>, fallback: T): Decoder<T> {
  return (value, path) => (value === undefined ? fallback : inner(value, path));
}

export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new DecodeError(path, 'array');
    return value.map((entry: unknown, index) => item(entry, `${path}[${index}]`));
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Unknown extra fields are ignored on purpose: the server may add fields
// without breaking older bundles.
export function object<T extends Record<string, unknown>>(fields: { [K in keyof T]: Decoder<T[K]> }): Decoder<T> {
  return (value, path) => {
    if (!isRecord(value)) throw new DecodeError(path, 'object');
    const result: Partial<T> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      result[key] = fields[key](value[key], path ? `${path}.${key}` : key);
    }
    return result as T;
  };
}

export function decode<T>(decoder: Decoder<T>, value: unknown): T {
  return decoder(value, '');
}
