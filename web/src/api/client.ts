// Fetch wrapper for the Salus JSON API. Every failure becomes an ApiError
// carrying the RFC 7807 fields, so pages handle exactly one error shape.
import { decode, DecodeError, type Decoder } from './decode.ts';

/** The header the server checks on every state-changing request. */
export const csrfHeader = 'x-csrf-token';

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** The problem's machine-readable `code` (e.g. "campaign.already_enrolled"), for pages that word it themselves. */
  readonly code: string | undefined;
  /** From a 429's Retry-After header: how long to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    title: string,
    detail?: string,
    extra: { code?: string; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.code = extra.code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /**
   * True when the service itself is down or overloaded (network failure, 5xx,
   * an unreadable response) rather than the request being wrong: the UI then
   * shows the calm "try again shortly" page instead of the server's message.
   */
  get unavailable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

function textField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const value: unknown = (body as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function problemFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Proxies and load balancers answer 502/503 with HTML: keep the status only.
  }
  const title = textField(body, 'title') ?? (response.statusText || `HTTP ${response.status}`);
  const extra: { code?: string; retryAfterSeconds?: number } = {};
  const code = textField(body, 'code');
  if (code !== undefined) extra.code = code;
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  if (Number.isSafeInteger(retryAfter) && retryAfter >= 0) extra.retryAfterSeconds = retryAfter;
  return new ApiError(response.status, title, textField(body, 'detail'), extra);
}

export async function getJson<T>(path: string, decoder: Decoder<T>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'Network error');
  }
  if (!response.ok) throw await problemFrom(response);
  try {
    return decode(decoder, await response.json());
  } catch (error) {
    if (signal?.aborted) throw error;
    // A body that does not match the contract is a server fault, not the user's.
    const detail = error instanceof DecodeError ? error.message : 'Invalid JSON';
    throw new ApiError(502, 'Bad response', detail);
  }
}

/**
 * A state-changing request (POST, PUT, DELETE). The session cookie goes along by
 * itself (same origin); the CSRF token from /api/me must be sent as a header,
 * which a cross-site form or image cannot do. Resolves to the decoded body, or
 * to null for an answer without one (204). `headers` adds request headers (the
 * waiting room's admission token).
 */
export async function send<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { csrfToken: string | null; body?: unknown; decoder: Decoder<T>; headers?: Record<string, string> },
): Promise<T | null> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.csrfToken !== null) headers[csrfHeader] = options.csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'Network error');
  }
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return null;
  try {
    return decode(options.decoder, await response.json());
  } catch (error) {
    const detail = error instanceof DecodeError ? error.message : 'Invalid JSON';
    throw new ApiError(502, 'Bad response', detail);
  }
}

/** For send() calls whose answer has no body worth reading. */
export const ignoreBody: Decoder<null> = () => null;

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'Unexpected error', String(error));
}

/** Builds `path?key=value` from the defined, non-empty parameters. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
