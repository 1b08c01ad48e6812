import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { TypedApp } from './types.ts';

/**
 * The browser-side defences every response carries (issue #16), helmet's headers set
 * on the raw response, so that the identity provider's hijacked replies get them too.
 *
 * The Content-Security-Policy allows only Salus's own files: the Vite bundle has no
 * inline script, and no page has an inline event handler (script-src-attr 'none').
 * What the pages do need: data: images (Bootstrap Italia's CSS icons, the QR codes of
 * the Green Pass) and fonts (its stylesheet inlines video.js's icon font), a
 * same-origin frame (the PDF viewer) and inline styles (the identity provider's
 * server-rendered pages carry their own stylesheet; React and Swagger UI set style
 * attributes). Forms may post to Salus itself and to PUBLIC_URL, where the login and
 * logout forms of the bundled provider redirect back to. Only our own pages may frame
 * a page (the PDF viewer frames the document's content URL).
 *
 * HSTS and upgrade-insecure-requests only when PUBLIC_URL is https: over plain http
 * (development, tests) they would point the browser at a port nothing listens on.
 *
 * The headers are the same on every response, so helmet runs once, at start-up, and each request only copies them
 * (issue 21): @fastify/helmet built a new helmet middleware per request, re-parsing the CSP directives, about a
 * tenth of the server's CPU per waiting-room poll.
 */
export function registerSecurityHeaders(app: TypedApp, publicUrl: string | undefined): void {
  const headers = securityHeaders(publicUrl);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers helmet sets with Salus's options, captured once from a stand-in response. */
export function securityHeaders(publicUrl: string | undefined): readonly (readonly [string, string])[] {
  const https = publicUrl?.startsWith('https://') === true;
  const captured = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string | number) {
      captured.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string) {
      captured.delete(name.toLowerCase());
    },
  };
  let failure: unknown = null;
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'", ...(publicUrl === undefined ? [] : [new URL(publicUrl).origin])],
        'frame-ancestors': ["'self'"],
        'frame-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // A year, the HSTS preload list's minimum; off over http (see above).
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    xFrameOptions: { action: 'sameorigin' },
    // Full referrer within Salus (record ids stay in our logs), nothing to other sites.
    referrerPolicy: { policy: 'same-origin' },
  })(Object.create(null) as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error ?? null;
  });
  if (failure !== null) throw failure instanceof Error ? failure : new Error('helmet refused the security headers');
  return [...captured];
}
