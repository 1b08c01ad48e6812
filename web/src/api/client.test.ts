import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, csrfHeader, getJson, ignoreBody, send, withQuery } from './client.ts';
import { logoutAnswer } from './identity.ts';
import { demoInfo, municipalityPage } from './types.ts';

function stubFetch(respond: () => Promise<Response>): void {
  vi.stubGlobal('fetch', vi.fn(respond));
}

function json(body: unknown, status = 200, contentType = 'application/json'): Promise<Response> {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } }));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('getJson', () => {
  it('returns the decoded body', async () => {
    const body = {
      enabled: true,
      password: 'demo-password',
      accounts: [
        {
          role: 'gp',
          name: 'Dott.ssa Rossi',
          username: 'mmg.rossi',
          fiscalCode: null,
          note: { it: 'Medico', en: 'GP' },
        },
      ],
      extra: 'ignored',
    };
    stubFetch(() => json(body));
    const demo = await getJson('/api/demo', demoInfo);
    expect(demo.accounts[0]?.role).toBe('gp');
    expect(demo.accounts[0]?.note).toEqual({ it: 'Medico', en: 'GP' });
    expect(demo).not.toHaveProperty('extra');
  });

  it('turns an RFC 7807 problem into an ApiError with its detail', async () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'province must be two letters' };
    stubFetch(() => json(problem, 400, 'application/problem+json'));
    const error = await failure(getJson('/api/registry/municipalities?province=X', municipalityPage));
    expect(error).toMatchObject({ status: 400, title: 'Bad Request', detail: 'province must be two letters' });
    expect(error.unavailable).toBe(false);
  });

  it('treats 503 with an HTML body as unavailable', async () => {
    stubFetch(() =>
      Promise.resolve(new Response('<h1>Service Unavailable</h1>', { status: 503, statusText: 'Service Unavailable' })),
    );
    const error = await failure(getJson('/api/demo', demoInfo));
    expect(error.status).toBe(503);
    expect(error.title).toBe('Service Unavailable');
    expect(error.unavailable).toBe(true);
  });

  it('treats a network failure as unavailable', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await failure(getJson('/api/demo', demoInfo));
    expect(error.status).toBe(0);
    expect(error.unavailable).toBe(true);
  });

  it('treats a body that breaks the contract as a server fault', async () => {
    stubFetch(() => json({ enabled: 'yes', accounts: [] }));
    const error = await failure(getJson('/api/demo', demoInfo));
    expect(error.unavailable).toBe(true);
    expect(error.detail).toContain('enabled');
  });

  it('rejects an unknown role', async () => {
    const note = { it: '', en: '' };
    stubFetch(() =>
      json({
        enabled: true,
        password: null,
        accounts: [{ role: 'admin', name: 'x', username: 'x', fiscalCode: null, note }],
      }),
    );
    const error = await failure(getJson('/api/demo', demoInfo));
    expect(error.detail).toContain('accounts[0].role');
  });
});

describe('send', () => {
  it('sends the CSRF token and a JSON body, and decodes the answer', async () => {
    let init: RequestInit | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string, options?: RequestInit) => {
        expect(path).toBe('/auth/logout');
        init = options;
        return json({ redirectTo: '/idp/session/end' });
      }),
    );
    const answer = await send('POST', '/auth/logout', { csrfToken: 'tok', body: { a: 1 }, decoder: logoutAnswer });
    expect(answer).toEqual({ redirectTo: '/idp/session/end' });
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ [csrfHeader]: 'tok', 'content-type': 'application/json' });
    expect(init?.body).toBe('{"a":1}');
  });

  it('resolves to null for 204 No Content', async () => {
    stubFetch(() => Promise.resolve(new Response(null, { status: 204 })));
    expect(await send('DELETE', '/api/me/delegations/1', { csrfToken: 'tok', decoder: ignoreBody })).toBeNull();
  });

  it("turns a refusal into an ApiError with the server's detail", async () => {
    const problem = { title: 'Conflict', status: 409, detail: 'You already have 3 delegates, the most allowed.' };
    stubFetch(() => json(problem, 409, 'application/problem+json'));
    const error = await failure(
      send('POST', '/api/me/delegations', { csrfToken: 'tok', body: {}, decoder: ignoreBody }),
    );
    expect(error).toMatchObject({ status: 409, detail: problem.detail });
  });

  it('keeps the problem code and the Retry-After of a 429', async () => {
    const problem = { title: 'Too many requests', status: 429, detail: 'Too many wrong codes.', code: 'rate_limited' };
    stubFetch(() =>
      Promise.resolve(
        new Response(JSON.stringify(problem), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '900' },
        }),
      ),
    );
    const error = await failure(
      send('POST', '/api/campaigns/x/confirm', { csrfToken: null, body: {}, decoder: ignoreBody }),
    );
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 900 });
  });

  it('sends extra headers, without letting them replace accept', async () => {
    let init: RequestInit | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((_path: string, options?: RequestInit) => {
        init = options;
        return Promise.resolve(new Response(null, { status: 204 }));
      }),
    );
    await send('PUT', '/api/x', {
      csrfToken: null,
      decoder: ignoreBody,
      headers: { 'x-admission': 'ticket', accept: 'text/html' },
    });
    expect(init?.method).toBe('PUT');
    expect(init?.headers).toEqual({ 'x-admission': 'ticket', accept: 'application/json' });
  });
});

describe('withQuery', () => {
  it('keeps only defined, non-empty parameters', () => {
    expect(withQuery('/api/x', { a: 'MI', b: undefined, c: '', d: 0, e: 'San Donà' })).toBe(
      '/api/x?a=MI&d=0&e=San+Don%C3%A0',
    );
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });
});
