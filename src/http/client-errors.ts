import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, toOperationOutcome, toProblem } from './problem.ts';

/**
 * Errors that Node's HTTP parser and Fastify's router make before any route runs
 * (issue 16 counted 665 of them answered as Fastify's own JSON): they get the same
 * problem+json, or OperationOutcome under /fhir, as every other error.
 */

/** Fastify's router errors (bad percent-encoding: 400; a path segment over maxParamLength: 414). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(error, request, reply);
}

/**
 * A request line longer than this is a 414, not a 431: Node counts the request line in
 * its 16 KB header limit and reports both as one overflow, so the position of the
 * first line break tells them apart.
 */
const MAX_REQUEST_LINE = 8 * 1024;

type ClientError = Error & { readonly code?: string; readonly rawPacket?: unknown };

function statusOf(error: ClientError, requestLine: string | null, rawLength: number): number {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_HEADER_OVERFLOW':
      return requestLine === null
        ? rawLength > MAX_REQUEST_LINE
          ? 414
          : 431
        : requestLine.length > MAX_REQUEST_LINE
          ? 414
          : 431;
    default:
      return 400;
  }
}

/** The request line, if the packet starts with one and it is complete. */
function requestLineOf(raw: Buffer | undefined): string | null {
  if (raw === undefined) return null;
  const end = raw.indexOf('\r\n');
  return end < 0 ? null : raw.subarray(0, end).toString('latin1');
}

/**
 * Node's `clientError`: a request the parser refused (bad characters, headers or URL too
 * long, a broken chunk). No Fastify request exists, so a whole HTTP response is written
 * on the socket, and the connection is closed, as Node and Fastify do by default.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
  const requestLine = requestLineOf(raw);
  const target = /^[A-Z]+ (\S+)/.exec(requestLine ?? raw?.subarray(0, 256).toString('latin1') ?? '')?.[1] ?? '/';
  const status = statusOf(error, requestLine, raw?.length ?? 0);
  const classified = {
    status,
    code: `request.${(STATUS_CODES[status] ?? 'invalid').toLowerCase().replace(/[^a-z]+/g, '_')}`,
    detail: status === 400 ? 'The request could not be read as HTTP.' : `${STATUS_CODES[status] ?? 'Bad request'}.`,
    fields: [],
    retryAfterSeconds: undefined,
  };
  // Only the path decides the format; the URL itself may be megabytes, so it is not echoed.
  const fhir = target.startsWith('/fhir');
  const body = JSON.stringify(
    fhir ? toOperationOutcome(classified) : toProblem(classified, { url: target.slice(0, 200), id: randomUUID() }),
  );
  const type = fhir ? 'application/fhir+json; charset=utf-8' : 'application/problem+json; charset=utf-8';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        `Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
