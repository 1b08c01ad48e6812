// The simulated phones' JSON API (src/notify/routes.ts), for the tests that
// read an SMS like a citizen would, and configure the simulated carrier.
import { decode } from '../web/src/api/decode.ts';
import { simMessages, type SimMessage } from '../web/src/api/sim.ts';
import type { E2ePlatform } from './platform.ts';

/** Whether the platform under test runs the SMS simulator (its routes exist only then). */
export async function simulatorRunning(platform: E2ePlatform): Promise<boolean> {
  const response = await fetch(`${platform.baseUrl}/api/sim/phones`, { headers: { accept: 'application/json' } });
  await response.body?.cancel();
  return response.ok;
}

export async function phoneMessages(platform: E2ePlatform, number: string): Promise<SimMessage[]> {
  const response = await fetch(`${platform.baseUrl}/api/sim/phones/${encodeURIComponent(number)}/messages`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET messages of ${number}: HTTP ${response.status}`);
  return decode(simMessages, await response.json()).messages;
}

/** Polls the phone until a message matching `match` is there, newest first. */
export async function waitForSms(
  platform: E2ePlatform,
  number: string,
  match: (message: SimMessage) => boolean,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<SimMessage> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const found = (await phoneMessages(platform, number)).find(match);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no matching SMS reached ${number} within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}

/** The 6-digit code and the resume link of an enrollment SMS (src/campaigns/messages.ts). */
export function enrollmentCode(text: string): { code: string; link: string } {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  const link = /(https?:\/\/\S+\/r\/\S+)/.exec(text)?.[1];
  if (code === undefined || link === undefined) throw new Error(`not an enrollment SMS: ${text}`);
  return { code, link };
}

export const isEnrollmentCode = (message: SimMessage): boolean => message.text.includes('codice di adesione');

export type Provider = 'a' | 'b';

/** Changes a simulated carrier while it runs (PATCH /api/sim/config/:provider); returns the previous configuration. */
export async function patchSimulator(
  platform: E2ePlatform,
  provider: Provider,
  patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const before = await fetch(`${platform.baseUrl}/api/sim/config/${provider}`, {
    headers: { accept: 'application/json' },
  });
  if (!before.ok) throw new Error(`GET /api/sim/config/${provider}: HTTP ${before.status}`);
  const previous = ((await before.json()) as { config: Record<string, unknown> }).config;
  const response = await fetch(`${platform.baseUrl}/api/sim/config/${provider}`, {
    method: 'PATCH',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!response.ok)
    throw new Error(`PATCH /api/sim/config/${provider}: HTTP ${response.status} ${await response.text()}`);
  return previous;
}
