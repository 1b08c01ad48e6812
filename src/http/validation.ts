import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * Request validation with Ajv, plus one guard Ajv lacks: with type coercion on,
 * "1e309" in a query string becomes Infinity and passes `maximum` (Ajv skips
 * range checks for non-finite numbers), which then reaches SQL as a 500. Any
 * non-finite number after coercion is a 400 here, for every route at once; so is a
 * whole number beyond 2^53 - 1, which JavaScript cannot hold exactly and which, past
 * bigint, PostgreSQL refuses (22P02/22003) when a schema forgot its maximum.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const ajv = new Ajv({
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ({ schema }) => {
    const validate = ajv.compile(schema as object);
    const checked = (data: unknown): boolean => {
      const ok = validate(data);
      checked.errors = validate.errors ?? null;
      if (!ok) return false;
      const path = nonFinitePath(data, '');
      if (path === null) return true;
      checked.errors = [
        {
          instancePath: path,
          schemaPath: '#',
          keyword: 'type',
          params: {},
          message: 'must be a finite number within ±(2^53 - 1)',
        },
      ];
      return false;
    };
    checked.errors = null as ErrorObject[] | null;
    return checked;
  };
}

function nonFinitePath(value: unknown, path: string): string | null {
  if (typeof value === 'number')
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value)) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePath(child, `${path}/${key}`);
    if (found !== null) return found;
  }
  return null;
}

/**
 * JSON bodies: an empty body with a JSON content type is "no body" (clients often send
 * the header on a bare POST), and __proto__/constructor keys are refused, as Fastify's
 * own parser does. Bad JSON is a 400 naming the problem. The one JSON parser: the FHIR
 * routes register it for application/fhir+json too.
 */
export function parseJsonBody(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' }));
  } catch (error) {
    done(
      Object.assign(new Error(`The body is not valid JSON: ${(error as Error).message}`), {
        statusCode: 400,
        code: 'request.invalid_json',
      }),
      undefined,
    );
  }
}

export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
}

/**
 * Strings from the URL and from headers the routes read are short by nature; 2,000
 * characters is far above any id, code, date, cursor (≈120) or search value, and well
 * under Node's 16 KB header limit. Bodies are bounded by the body limit instead (FSE
 * documents travel base64 inside JSON).
 */
export const MAX_INPUT_STRING = 2_000;
/** Headers the routes read as input beyond those a route schema declares. */
const INPUT_HEADERS = ['if-none-exist', 'if-match', 'prefer'];

const ENCODED_NUL = /%00/i;
const hasNul = (text: string): boolean => text.includes('\u0000') || ENCODED_NUL.test(text);
// Per route schema, the input headers' names and how Node spells them: worked out once, not on every request.
const headerNamesOf = new WeakMap<object, readonly (readonly [string, string])[]>();
const NO_SCHEMA = {};
function inputHeaderNames(schema: object | undefined): readonly (readonly [string, string])[] {
  const key = schema ?? NO_SCHEMA;
  let names = headerNamesOf.get(key);
  if (names === undefined) {
    const declared = Object.keys((schema as { properties?: object } | undefined)?.properties ?? {});
    names = [...INPUT_HEADERS, ...declared].map((h) => [h, h.toLowerCase()] as const);
    headerNamesOf.set(key, names);
  }
  return names;
}

/** Where in `value` a string holds a NUL byte (or is longer than `max`), or null. */
export function badStringPath(value: unknown, path: string, max: number): { path: string; message: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, message: 'must not contain NUL bytes' };
    return value.length > max ? { path, message: `must be at most ${max} characters` } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return { path, message: 'must not contain NUL bytes in names' };
    const found = badStringPath(child, `${path}/${key}`, max);
    if (found !== null) return found;
  }
  return null;
}

/**
 * One guard for every route, before any schema or handler sees the request: PostgreSQL
 * refuses NUL in text (error 22021, a 500 in the fuzz run of issue 16: 169 of them), and
 * FHIR routes read the raw query string themselves, so the decoded query, the path
 * parameters, the input headers and the body are all checked here, in one place.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const names = inputHeaderNames(request.routeOptions.schema?.headers as object | undefined);
    const headers = Object.fromEntries(names.map(([h, lower]) => [h, request.headers[lower]]));
    const form =
      typeof request.body === 'string' && String(request.headers['content-type']).includes('x-www-form-urlencoded');
    const parts: [string, unknown, number][] = [
      ['params', request.params, MAX_INPUT_STRING],
      ['querystring', request.query, MAX_INPUT_STRING],
      ['headers', headers, MAX_INPUT_STRING],
      ['body', form ? Object.fromEntries(new URLSearchParams(request.body as string)) : request.body, Infinity],
    ];
    for (const [where, value, max] of parts) {
      const found = badStringPath(value, '', max);
      if (found !== null) {
        done(inputError(where, found.path, found.message));
        return;
      }
    }
    // The raw URL and input headers too: FHIR decodes the query itself, and If-None-Exist is a query string.
    const encoded = [request.url, headers['if-none-exist']].some((v) => typeof v === 'string' && hasNul(v));
    done(encoded ? inputError('querystring', '', 'must not contain NUL bytes') : undefined);
  });
}

function inputError(where: string, path: string, message: string): Error {
  const field = `/${where}${path}`;
  return Object.assign(new Error(`The request ${where} is not valid: ${field} ${message}.`), {
    statusCode: 400,
    code: 'request.invalid',
    validation: [{ instancePath: field, message }],
    validationContext: where,
  });
}
