import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isNotAcknowledged } from '../db/retry.ts';
import { toNationalError } from './national-error.ts';
import { isDomainError, type ErrorKind, type FieldProblem } from '../shared/errors.ts';

/** The one place where domain error kinds become HTTP statuses. */
const STATUS: Readonly<Record<ErrorKind, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldProblem[];
  readonly requestId?: string;
}

interface Classified {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterSeconds: number | undefined;
}

/** Turns any thrown value into a status, code and safe detail. 5xx details never leak internals. */
export function classify(error: unknown): Classified {
  if (isDomainError(error)) {
    return {
      status: STATUS[error.kind],
      code: error.code,
      detail: error.message,
      fields: error.fields,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  // A database that did not answer (failover, site loss, a commit the standby did not
  // confirm) is a 503 the client may retry, not a 500, wherever no service mapped it.
  if (isNotAcknowledged(error)) {
    return {
      status: 503,
      code: 'service.unavailable',
      detail: 'The service cannot confirm this operation right now. Please try again in a few seconds.',
      fields: [],
      retryAfterSeconds: 2,
    };
  }
  const fastifyError = error as Partial<FastifyError> & {
    validation?: readonly { instancePath?: string; message?: string }[];
  };
  if (Array.isArray(fastifyError.validation)) {
    const fields = fastifyError.validation.map((v: { instancePath?: string; message?: string }) => ({
      field:
        v.instancePath === undefined || v.instancePath === ''
          ? `/${fastifyError.validationContext ?? 'body'}`
          : v.instancePath,
      message: v.message ?? 'invalid',
    }));
    return {
      status: 400,
      code: 'request.invalid',
      detail:
        `The request ${fastifyError.validationContext ?? 'body'} is not valid: ` +
        `${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`,
      fields,
      retryAfterSeconds: undefined,
    };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      code: typeof fastifyError.code === 'string' ? fastifyError.code.toLowerCase() : 'request.invalid',
      detail: fastifyError.message ?? TITLES[status] ?? 'Bad request',
      fields: [],
      retryAfterSeconds: undefined,
    };
  }
  return {
    status: 500,
    code: 'internal',
    detail: 'Something went wrong on our side. Please try again; if it persists, quote the request id.',
    fields: [],
    retryAfterSeconds: undefined,
  };
}

export function toProblem(c: Classified, request: Pick<FastifyRequest, 'url' | 'id'>): Problem {
  return {
    type: `https://salus.example.org/problems/${c.code.replace(/[._]/g, '-')}`,
    title: TITLES[c.status] ?? 'Error',
    status: c.status,
    detail: c.detail,
    instance: request.url,
    code: c.code,
    ...(c.fields.length > 0 ? { errors: c.fields } : {}),
    requestId: request.id,
  };
}

/** FHIR clients expect an OperationOutcome instead of problem+json. */
export function toOperationOutcome(c: Classified): Record<string, unknown> {
  const code =
    c.status === 404
      ? 'not-found'
      : c.status === 409
        ? 'conflict'
        : c.status >= 500
          ? 'exception'
          : c.status === 401 || c.status === 403
            ? 'security'
            : 'invalid';
  return {
    resourceType: 'OperationOutcome',
    issue: (c.fields.length > 0 ? c.fields : [{ field: '', message: c.detail }]).map((f) => ({
      severity: c.status >= 500 ? 'fatal' : 'error',
      code,
      diagnostics: f.field === '' ? f.message : `${f.field}: ${f.message}`,
      ...(f.field === '' ? {} : { expression: [f.field] }),
    })),
  };
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const classified = classify(error);
  if (classified.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: classified.code, status: classified.status }, 'request rejected');
  if (classified.retryAfterSeconds !== undefined) reply.header('retry-after', String(classified.retryAfterSeconds));
  if (request.url.startsWith('/fse2/')) {
    // The national Gateway's body and statuses (national-error.ts): its producers read nothing else.
    const national = toNationalError(classified, request.id);
    return reply.status(national.status).type('application/problem+json; charset=utf-8').send(national);
  }
  reply.status(classified.status);
  if (request.url.startsWith('/fhir')) {
    return reply.type('application/fhir+json; charset=utf-8').send(toOperationOutcome(classified));
  }
  return reply.type('application/problem+json; charset=utf-8').send(toProblem(classified, request));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
}
