import { connect } from 'node:net';
import { Registry } from 'prom-client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { publicAccess } from './policy.ts';
import type { TypedApp } from './types.ts';

/**
 * Errors Node's HTTP parser and Fastify's router make before any route runs, sent as
 * raw bytes (fetch would refuse most of them): each must come back as problem+json,
 * or as an OperationOutcome under /fhir (issue 16: 665 came back in Fastify's own JSON).
 */

let app: TypedApp;
let port = 0;
const open = { config: { policy: publicAccess('test') } };

beforeAll(async () => {
  ({ app } = await buildApp({
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    health: { ready: () => Promise.resolve({ database: true, migrations: true }) },
    modules: [
      (a) => {
        a.post('/api/echo', open, (request) => ({ body: request.body }));
        a.get('/api/echo', open, (request) => ({ query: request.query }));
        a.get('/fhir/R4/Patient/:id', open, (request) => ({ id: (request.params as { id: string }).id }));
        a.post('/fhir/R4/Patient', open, (request) => ({ body: request.body }));
      },
    ],
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(async () => {
  await app.close();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Writes `request` as given on a fresh connection and reads the answer until the server closes it. */
function raw(request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset a connection it stopped reading; what it wrote first still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const get = (path: string, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;

function expectProblem(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(response.body) as { status: number; title: unknown; type: string };
  expect(problem.status).toBe(status);
  expect(typeof problem.title).toBe('string');
  expect(problem.type).toMatch(/^https:\/\/salus\.example\.org\/problems\//);
}

function expectOutcome(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain('application/fhir+json');
  expect(JSON.parse(response.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
}

describe('errors made by Node and Fastify', () => {
  it('answers malformed percent-encoding with a 400 in the format of the path', async () => {
    expectProblem(await raw(get('/api/%zz')), 400);
    expectOutcome(await raw(get('/fhir/R4/Patient/%')), 400);
  });

  it('answers a URL too long for the parser with a 414, written on the socket', async () => {
    expectProblem(await raw(get(`/api/echo?q=${'a'.repeat(20_000)}`)), 414);
    expectOutcome(await raw(get(`/fhir/R4/Patient?name=${'a'.repeat(20_000)}`)), 414);
  });

  it('answers a path segment longer than the router allows with a 414', async () => {
    // The router allows 512 characters (src/http/app.ts, maxParamLength: the Gateway's workflowInstanceId).
    expectOutcome(await raw(get(`/fhir/R4/Patient/${'x'.repeat(1_000)}`)), 414);
  });

  it('answers headers too large with a 431, written on the socket', async () => {
    expectProblem(await raw(get('/api/echo', `X-Big: ${'b'.repeat(20_000)}\r\n`)), 431);
    expectOutcome(await raw(get('/fhir/R4/Patient/1', `X-Big: ${'b'.repeat(20_000)}\r\n`)), 431);
  });

  it('answers a request Node cannot parse with a 400', async () => {
    expectProblem(await raw('G@T /api/echo HTTP/1.1\r\nHost: localhost\r\n\r\n'), 400);
    expectOutcome(await raw('GET /fhir/R4/Patient/1 HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n'), 400);
  });

  it('answers a body over the limit with a 413', async () => {
    const head = (path: string) =>
      `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${64 * 1024 * 1024}\r\nConnection: close\r\n\r\n{`;
    expectProblem(await raw(head('/api/echo')), 413);
    expectOutcome(await raw(head('/fhir/R4/Patient')), 413);
  });

  it('answers an unsupported media type with a 415 and bad JSON with a 400', async () => {
    const post = (path: string, type: string, body: string) =>
      `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    expectProblem(await raw(post('/api/echo', 'text/x-unknown', 'hello')), 415);
    expectOutcome(await raw(post('/fhir/R4/Patient', 'text/x-unknown', 'hello')), 415);
    expectProblem(await raw(post('/api/echo', 'application/json', '{"a":')), 400);
  });

  it('answers a method no route has with a 404 problem', async () => {
    expectProblem(await raw('PATCH /api/echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 404);
    expectOutcome(await raw('PATCH /fhir/R4/Patient/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 404);
  });
});

describe('the one string guard', () => {
  it('refuses NUL bytes in the query, the path and the JSON body before any route sees them', async () => {
    expectProblem(await raw(get('/api/echo?q=a%00b')), 400);
    expectOutcome(await raw(get('/fhir/R4/Patient/1%00')), 400);
    const body = JSON.stringify({ name: 'a\u0000b' });
    expectProblem(
      await raw(
        `POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      ),
      400,
    );
  });

  it('refuses query and path strings over 2,000 characters', async () => {
    expectProblem(await raw(get(`/api/echo?q=${'a'.repeat(2_001)}`)), 400);
    expect((await raw(get(`/api/echo?q=${'a'.repeat(2_000)}`))).status).toBe(200);
  });
});
