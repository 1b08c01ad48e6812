import { createHash } from 'node:crypto';
import type { RegionSigner } from './region-signer.ts';
import type { ClaimedForward } from './repository.ts';
import type { ForwardOperation, SendOutcome } from './types.ts';

/** The national Gateway's path and method for each forwarded operation (swagger_gtw.yaml). */
function route(operation: ForwardOperation, target: string | null): { method: string; path: string } {
  const idDoc = encodeURIComponent(target ?? '');
  switch (operation) {
    case 'create':
      return { method: 'POST', path: '/documents' };
    case 'validate-and-create':
      return { method: 'POST', path: '/documents/validate-and-create' };
    case 'replace':
      return { method: 'PUT', path: `/documents/${idDoc}` };
    case 'validate-and-replace':
      return { method: 'PUT', path: `/documents/validate-and-replace/${idDoc}` };
    case 'delete':
      return { method: 'DELETE', path: `/documents/${idDoc}` };
    case 'metadata':
      return { method: 'PUT', path: `/documents/${idDoc}/metadata-iti-57` };
  }
}

const parsed = async (response: Response): Promise<Record<string, unknown> | null> => {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Retry-After (RFC 9110 10.2.3: seconds or an HTTP date) in ms; 1 s when absent or unreadable, 10 min at most. */
export function retryAfter(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : value === '' ? Number.NaN : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(600_000, Math.max(1_000, ms)) : 1_000;
}

/**
 * Sends one forward to the national Gateway and classifies the answer: 2xx forwarded; 408, 429, 5xx, a
 * timeout or no connection transient (retried with backoff); any other 4xx a permanent refusal whose national
 * error body is kept for a person. The jti is the row's idempotency key: a resend is a duplicate there.
 */
export function nationalClient(options: { baseUrl: string; timeoutMs: number; signer: RegionSigner }) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return async function send(item: ClaimedForward): Promise<SendOutcome> {
    const { method, path } = route(item.operation, item.request.target);
    const hash = item.file === null ? null : createHash('sha256').update(item.file).digest('hex');
    const headers: Record<string, string> = {
      authorization: `Bearer ${await options.signer.bearer(baseUrl)}`,
      'fse-jwt-signature': await options.signer.signature(baseUrl, item.request.claims, item.idempotencyKey, hash),
    };
    let body: FormData | string | undefined;
    if (item.operation === 'metadata') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(item.request.requestBody ?? {});
    } else if (item.operation !== 'delete') {
      body = new FormData();
      body.append('requestBody', JSON.stringify(item.request.requestBody ?? {}));
      body.append(
        'file',
        new Blob([new Uint8Array(item.file ?? Buffer.alloc(0))], { type: 'application/pdf' }),
        'doc.pdf',
      );
    }
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      const message = error instanceof Error ? `${error.message}${cause}` : String(error);
      return { kind: 'transient', cause: timedOut ? 'timeout' : 'unreachable', message };
    }
    let answer: Record<string, unknown> | null;
    try {
      answer = await parsed(response);
    } catch {
      return { kind: 'transient', cause: 'timeout', message: 'the answer did not arrive in time' };
    }
    if (response.status >= 200 && response.status < 300) {
      const wif = answer?.workflowInstanceId;
      return {
        kind: 'forwarded',
        workflowInstanceId: typeof wif === 'string' ? wif : null,
        duplicate: response.headers.get('fse-duplicate') === 'true',
      };
    }
    if (response.status === 429) {
      const retryAfterMs = retryAfter(response.headers.get('retry-after'), Date.now());
      return {
        kind: 'transient',
        cause: 'throttled',
        message: `HTTP 429 (retry after ${retryAfterMs} ms)`,
        retryAfterMs,
      };
    }
    if (response.status === 408) return { kind: 'transient', cause: 'throttled', message: 'HTTP 408' };
    if (response.status >= 500) {
      const detail = typeof answer?.detail === 'string' ? `: ${answer.detail}` : '';
      return { kind: 'transient', cause: 'server_error', message: `HTTP ${response.status}${detail}` };
    }
    if (answer === null)
      return { kind: 'transient', cause: 'bad_answer', message: `HTTP ${response.status} without a national error` };
    return { kind: 'refused', status: response.status, error: answer };
  };
}

export type NationalSend = ReturnType<typeof nationalClient>;
