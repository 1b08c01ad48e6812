import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import pino from 'pino';

/**
 * What the logs must never carry (issue 16): codici fiscali (in paths like
 * /api/gp/patients/:cf and in FHIR searches) and OAuth secrets in query strings
 * (the authorization code and state on /auth/callback, the ID token on logout).
 * Everything the HTTP server logs goes through these serializers, so this is the
 * one place that decides.
 */

// Codice fiscale, with omocodia letters in the digit places (16 chars). Matched anywhere and in
// any case, so also after "%7C" in a FHIR identifier; redacting a look-alike is harmless.
const FISCAL_CODE = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/gi;

// Query parameters whose value is a secret, a token or a person's login (OAuth 2.0, OpenID Connect); lower case.
const SECRET_PARAMETERS = new Set([
  'code',
  'state',
  'nonce',
  'session_state',
  'sid',
  'id_token',
  'id_token_hint',
  'access_token',
  'refresh_token',
  'token',
  'code_verifier',
  'client_secret',
  'password',
  'otp',
  'login_hint',
  'loginhint',
  'logout_hint',
]);

const REDACTED = '[redacted]';

export function redactFiscalCodes(text: string): string {
  return text.replace(FISCAL_CODE, '[cf]');
}

/** The URL with secret query values replaced and every codice fiscale masked. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return redactFiscalCodes(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      return SECRET_PARAMETERS.has(parameterName(part.slice(0, eq))) ? `${part.slice(0, eq)}=${REDACTED}` : part;
    })
    .join('&');
  return redactFiscalCodes(`${url.slice(0, q)}?${query}`);
}

function parameterName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

const serializers = {
  // Fastify's own request serializer, with the URL redacted.
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }),
  // An error message may quote a URL or the value that failed (a codice fiscale).
  err: (error: Error) => {
    const out = pino.stdSerializers.err(error);
    return { ...out, message: redactUrlsIn(out.message), stack: redactUrlsIn(out.stack) };
  },
};

function redactUrlsIn(text: string): string {
  return redactFiscalCodes(
    text.replace(/([?&])([^=&\s#]+)=([^&\s#]*)/g, (whole, sep: string, key: string) =>
      SECRET_PARAMETERS.has(parameterName(key)) ? `${sep}${key}=${REDACTED}` : whole,
    ),
  );
}

/**
 * The server's logger: a child of the process logger whose serializers (which take
 * precedence over Fastify's) redact URLs and errors, and which drops credentials
 * wherever a header object is logged.
 */
export function redactingLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'headers.authorization',
          'headers.cookie',
          'headers["set-cookie"]',
        ],
        censor: REDACTED,
      },
    },
  );
}
