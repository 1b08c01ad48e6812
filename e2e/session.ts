// Helpers for tests that act as a logged-in person: log in through the real
// provider, call the API with that session's cookie and CSRF token (to seed
// data), and save the screenshots that the README shows.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { openPage, type PageWithErrors } from './browser.ts';
import { logInFromPrompt } from './demo.ts';
import type { E2ePlatform } from './platform.ts';

/** Opens `pagePath` in a fresh context and logs in from its login prompt. */
export async function loggedIn(
  browser: Browser,
  platform: E2ePlatform,
  demo: DemoInfo,
  pagePath: string,
  as: 'citizen' | 'operator',
  username: string,
): Promise<PageWithErrors> {
  const session = await openPage(browser);
  await session.page.goto(platform.baseUrl + pagePath);
  await logInFromPrompt(session.page, demo, as, username);
  return session;
}

/** A state-changing API call with the page's session, as the web app makes it. */
export async function apiSend(page: Page, method: 'POST' | 'PUT', apiPath: string, body: object): Promise<unknown> {
  const base = new URL(page.url()).origin;
  const me = (await (await page.request.get(`${base}/api/me`)).json()) as { csrfToken?: string | null };
  const response = await page.request.fetch(base + apiPath, {
    method,
    headers: { 'x-csrf-token': me.csrfToken ?? '', 'content-type': 'application/json' },
    data: JSON.stringify(body),
  });
  if (!response.ok()) throw new Error(`${method} ${apiPath}: HTTP ${response.status()} ${await response.text()}`);
  return response.json();
}

const docsShots = new URL('../docs/screenshots/', import.meta.url).pathname;

/** A screenshot for the README (docs/screenshots/<name>.png), the window's width, full page. */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(docsShots, { recursive: true });
  await page.screenshot({ path: path.join(docsShots, `${name}.png`), fullPage: true });
}

/** Errors since the last call, leaving out the 4xx answers the browser logs for refusals. */
export function takeErrors(sessions: PageWithErrors[]): string[] {
  return sessions
    .flatMap((session) => session.errors.splice(0))
    .filter((error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error));
}
