import http from 'node:http';

export interface HttpResult {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/**
 * A small keep-alive HTTP client over node:http: fetch (undici) costs about twice the CPU
 * per request, and the load generator shares the machine with the server.
 * Status 0 means a network error or a timeout.
 */
/**
 * The loopback source address of person `idx`: 500 addresses of 127.0.0.0/8 (all routed to
 * lo on Linux) stand for the households and carriers of 100,000 people, so that per-IP rate
 * limits see many clients, as on the real day, instead of one hot row for 127.0.0.1.
 */
export function sourceAddress(idx: number): string {
  return `127.0.${1 + (idx % 2)}.${1 + (Math.floor(idx / 2) % 250)}`;
}

export function httpClient(baseUrls: readonly string[], socketsPerSource: number, timeoutMs: number) {
  // The agent pools sockets per (server, source address): at most 2 x 500 x socketsPerSource.
  // Idle sockets closed after 60 s, before the server's 72 s (Fastify's keepAliveTimeout).
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: socketsPerSource,
    maxFreeSockets: socketsPerSource,
    scheduling: 'lifo',
    timeout: 60_000,
  });
  const targets = baseUrls.map((u) => new URL(u));
  let next = 0;

  const request = (
    from: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    retried = false,
  ): Promise<HttpResult> => {
    // Round robin over the instances, as a load balancer without stickiness would do.
    const target = targets[next++ % targets.length] ?? targets[0];
    if (target === undefined) throw new Error('no server');
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          localAddress: from,
          path,
          method,
          timeout: timeoutMs,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            });
          });
          res.on('error', () => {
            resolve({ status: 0, body: '', ms: performance.now() - started });
          });
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => {
        // A kept-alive socket the server closed as we reused it (its keepAliveTimeout): browsers
        // retry such a request once on a new connection, without showing anything; so do we.
        if (req.reusedSocket && !retried && /ECONNRESET|EPIPE|socket hang up/.test(error.message)) {
          void request(from, method, path, body, headers, true).then(resolve);
          return;
        }
        resolve({ status: 0, body: error.message, ms: performance.now() - started });
      });
      req.end(payload);
    });
  };

  return {
    get: (from: string, path: string, headers?: Record<string, string>) =>
      request(from, 'GET', path, undefined, headers),
    post: (from: string, path: string, body: unknown, headers?: Record<string, string>) =>
      request(from, 'POST', path, body, headers),
    close(): void {
      agent.destroy();
    },
  };
}

export type HttpClient = ReturnType<typeof httpClient>;
