import http from 'node:http';
import { expect } from 'vitest';
import type { TestPlatform } from './platform.ts';

// 127.0.0.0/8 is all loopback: a server bound to 127.0.0.1 refuses connections to
// 127.0.0.2, one bound to 0.0.0.0 accepts them, and a client can take 127.0.0.2 as its
// source address to play a second peer (a reverse proxy).

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export const FORWARDED = {
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '203.0.113.9',
};
export const DISCOVERY = '/idp/.well-known/openid-configuration';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
}

export async function discovery(platform: TestPlatform, from?: string): Promise<Discovery> {
  const answer = await request(`${platform.baseUrl}${DISCOVERY}`, {
    headers: FORWARDED,
    ...(from === undefined ? {} : { from }),
  });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as Discovery;
}

export function endpoints(document: Discovery): string[] {
  return [document.authorization_endpoint, document.token_endpoint, document.jwks_uri, document.end_session_endpoint];
}
