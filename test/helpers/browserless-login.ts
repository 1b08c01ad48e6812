/**
 * Logs in through the real OpenID Connect flow with plain HTTP requests: the
 * Salus relying party, the bundled provider's login form, and back. A tiny
 * cookie jar stands in for the browser (cookies are sent to every path).
 */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: this.header() },
    });
    this.store(response);
    return response;
  }
}

export interface LoggedIn {
  readonly jar: CookieJar;
  readonly csrf: string;
  readonly me: { kind: string; role: string; name: string; fiscalCode: string };
}

export async function demoPassword(baseUrl: string): Promise<string> {
  const demo = (await (await fetch(`${baseUrl}/api/demo`)).json()) as { password: string };
  return demo.password;
}

/** Follows the whole code flow; returns the jar holding the Salus session cookie. */
export async function loginAs(
  baseUrl: string,
  username: string,
  options: { as?: 'citizen' | 'operator'; password?: string; jar?: CookieJar } = {},
): Promise<LoggedIn> {
  const jar = options.jar ?? new CookieJar();
  const password = options.password ?? (await demoPassword(baseUrl));
  let response = await jar.fetch(`${baseUrl}/auth/login?as=${options.as ?? 'citizen'}`);
  response = await jar.fetch(location(response, baseUrl)); // provider → interaction page
  const interaction = location(response, baseUrl);
  response = await jar.fetch(interaction);
  if (response.status !== 200) throw new Error(`login page answered ${response.status}`);
  response = await jar.fetch(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
    const next = location(response, baseUrl);
    if (!next.startsWith(`${baseUrl}/idp`) && !next.startsWith(`${baseUrl}/auth/callback`)) break;
    response = await jar.fetch(next);
  }
  if (response.status >= 400) throw new Error(`login failed with ${response.status}: ${await response.text()}`);
  const me = (await (await jar.fetch(`${baseUrl}/api/me`)).json()) as LoggedIn['me'] & {
    csrfToken: string;
    authenticated: boolean;
  };
  if (!me.authenticated) throw new Error(`not logged in after the flow for ${username}`);
  return { jar, csrf: me.csrfToken, me };
}

export function location(response: Response, baseUrl: string): string {
  const value = response.headers.get('location');
  if (value === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value, baseUrl).href;
}
