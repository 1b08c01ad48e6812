import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * Request validation with Ajv, plus one guard Ajv lacks: with type coercion on,
 * "1e309" in a query string becomes Infinity and passes `maximum` (Ajv skips
 * range checks for non-finite numbers), which then reaches SQL as a 500. Any
 * non-finite number after coercion is a 400 here, for every route at once.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
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
        { instancePath: path, schemaPath: '#', keyword: 'type', params: {}, message: 'must be a finite number' },
      ];
      return false;
    };
    checked.errors = null as ErrorObject[] | null;
    return checked;
  };
}

function nonFinitePath(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
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
 * own parser does. Bad JSON is a 400 naming the problem.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(Object.assign(new Error(`The body is not valid JSON: ${(error as Error).message}`), { statusCode: 400, code: 'request.invalid_json' }), undefined);
    }
  });
}
