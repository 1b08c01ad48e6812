/**
 * The one catalogue of domain errors. Domain code throws these and never knows
 * about HTTP; `src/http/problem.ts` maps each kind to a status code and an
 * RFC 7807 body (or a FHIR OperationOutcome under /fhir) in one place.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'rate_limited'
  | 'unavailable';

export interface FieldProblem {
  /** JSON pointer or field name of the offending input, e.g. "/fiscalCode". */
  readonly field: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly fields?: readonly FieldProblem[];
  /** Seconds after which a retry may succeed (rate limits, failover). */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine-readable code, e.g. "registry.fiscal_code_invalid". */
  readonly code: string;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const validationError = (code: string, message: string, fields?: readonly FieldProblem[]): DomainError =>
  new DomainError('validation', code, message, fields ? { fields } : {});

export const notFound = (code: string, message: string): DomainError => new DomainError('not_found', code, message);

export const conflict = (code: string, message: string): DomainError => new DomainError('conflict', code, message);

export const forbidden = (code: string, message: string): DomainError => new DomainError('forbidden', code, message);

export const unauthenticated = (message = 'You need to log in to do this.'): DomainError =>
  new DomainError('unauthenticated', 'auth.required', message);

export const rateLimited = (message: string, retryAfterSeconds: number): DomainError =>
  new DomainError('rate_limited', 'rate_limited', message, { retryAfterSeconds });

/** The database did not acknowledge the work (failover, shutdown): safe to retry later. */
export const unavailable = (message: string, retryAfterSeconds = 2, cause?: unknown): DomainError =>
  new DomainError('unavailable', 'service.unavailable', message, { retryAfterSeconds, cause });

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
