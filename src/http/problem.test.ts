import { describe, expect, it } from 'vitest';
import { conflict, DomainError, rateLimited, unavailable, validationError } from '../shared/errors.ts';
import { classify, toOperationOutcome } from './problem.ts';

describe('classify', () => {
  it.each([
    [validationError('x.bad', 'bad'), 400],
    [new DomainError('unauthenticated', 'auth.required', 'log in'), 401],
    [new DomainError('forbidden', 'x.forbidden', 'no'), 403],
    [new DomainError('not_found', 'x.missing', 'none'), 404],
    [conflict('x.taken', 'taken'), 409],
    [new DomainError('precondition_failed', 'x.version', 'stale'), 412],
    [rateLimited('slow down', 30), 429],
    [unavailable('failover'), 503],
  ])('maps %s to %i', (error, status) => {
    expect(classify(error).status).toBe(status);
  });

  it('carries Retry-After for rate limits and failover', () => {
    expect(classify(rateLimited('slow down', 30)).retryAfterSeconds).toBe(30);
    expect(classify(unavailable('failover', 2)).retryAfterSeconds).toBe(2);
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
    // pg-pool, when no connection freed up within connectionTimeoutMillis (overload).
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ])('maps an unanswered database call (%s) to 503 with Retry-After, without internals', (error) => {
    expect(classify(error)).toMatchObject({ status: 503, code: 'service.unavailable', retryAfterSeconds: 2 });
    expect(classify(error).detail).not.toMatch(/5432|ECONN|read-only/);
  });

  it('never leaks the message of an unexpected error', () => {
    const classified = classify(new Error('password authentication failed for user "salus" at 10.0.0.5'));
    expect(classified.status).toBe(500);
    expect(classified.detail).not.toContain('password');
    expect(classified.detail).not.toContain('10.0.0.5');
  });

  it('keeps client errors raised by the framework as 4xx', () => {
    const parseError = Object.assign(new Error('Body is not valid JSON'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(classify(parseError)).toMatchObject({ status: 400, detail: 'Body is not valid JSON' });
  });
});

describe('toOperationOutcome', () => {
  it('renders field problems as OperationOutcome issues', () => {
    const outcome = toOperationOutcome(
      classify(validationError('fhir.invalid', 'invalid', [{ field: 'Patient.birthDate', message: 'must be a date' }])),
    );
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          diagnostics: 'Patient.birthDate: must be a date',
          expression: ['Patient.birthDate'],
        },
      ],
    });
  });

  it('uses not-found and exception codes', () => {
    expect(toOperationOutcome(classify(new DomainError('not_found', 'x', 'gone')))).toMatchObject({
      issue: [{ code: 'not-found' }],
    });
    expect(toOperationOutcome(classify(new Error('boom')))).toMatchObject({
      issue: [{ code: 'exception', severity: 'fatal' }],
    });
  });
});
