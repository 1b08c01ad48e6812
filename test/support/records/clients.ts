/** HTTP callers for tests and the benchmark: a facility system's bearer token, or a login session. */

/** A client-credentials token for the demo hospital's system (facility-OSP-MI-001). */
export async function facilityToken(baseUrl: string, scope = 'fse:write fse:read'): Promise<string> {
  const demo = (await (await fetch(`${baseUrl}/api/demo`)).json()) as {
    facilityClient: { clientId: string; clientSecret: string };
  };
  const response = await fetch(`${baseUrl}/idp/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${demo.facilityClient.clientId}:${demo.facilityClient.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Headers and fetch for one caller: a bearer token, or a login session (cookie + CSRF). */
export interface Caller {
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, url: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function bearerCaller(token: string): Caller {
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (url, headers = {}) => fetch(url, { headers: { ...auth, ...headers } }),
    send: (method, url, body, headers = {}) =>
      fetch(url, {
        method,
        headers: { ...auth, 'content-type': 'application/fhir+json', ...headers },
        body: JSON.stringify(body),
      }),
  };
}

export function sessionCaller(session: { jar: { header(): string }; csrf: string }): Caller {
  return {
    get: (url, headers = {}) => fetch(url, { headers: { cookie: session.jar.header(), ...headers } }),
    send: (method, url, body, headers = {}) =>
      fetch(url, {
        method,
        headers: {
          cookie: session.jar.header(),
          'x-csrf-token': session.csrf,
          'content-type': 'application/json',
          ...headers,
        },
        body: JSON.stringify(body),
      }),
  };
}
