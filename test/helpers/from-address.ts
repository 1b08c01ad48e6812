import http from 'node:http';
import { CookieJar } from './browserless-login.ts';

/**
 * A cookie jar whose requests leave from another loopback address (127.0.0.2, …),
 * so one test can act as two people in two places: Linux routes all of 127/8 to
 * the loopback interface, and the server sees each jar's own source address.
 */
export class CookieJarAt extends CookieJar {
  readonly localAddress: string;

  constructor(localAddress: string) {
    super();
    this.localAddress = localAddress;
  }

  override async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string> | undefined), cookie: this.header() };
    const response = await requestFrom(
      this.localAddress,
      url,
      init.method ?? 'GET',
      headers,
      typeof init.body === 'string' ? init.body : undefined,
    );
    this.store(response);
    return response;
  }
}

function requestFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const answer = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
          answer.append(incoming.rawHeaders[i] ?? '', incoming.rawHeaders[i + 1] ?? '');
        const status = incoming.statusCode ?? 502;
        resolve(
          new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: answer }),
        );
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
