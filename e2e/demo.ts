// Shared by the enrollment and scheduling browser tests: the demo accounts,
// the demo citizens' health cards, and login through the REAL identity
// provider's pages (a full OpenID Connect round trip, as a person does it).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoInfo, type DemoInfo } from '../web/src/api/types.ts';
import { expectNoSeriousA11yViolations } from './browser.ts';
import { apiGet, type E2ePlatform } from './platform.ts';

export async function loadDemo(platform: E2ePlatform): Promise<DemoInfo> {
  const demo = await apiGet(platform, '/api/demo', demoInfo);
  if (demo.password === null) throw new Error('/api/demo gave no password: is demo mode on?');
  return demo;
}

export function account(demo: DemoInfo, username: string): DemoInfo['accounts'][number] & { fiscalCode: string } {
  const found = demo.accounts.find((a) => a.username === username);
  if (found?.fiscalCode == null)
    throw new Error(`demo account ${username} (with a codice fiscale) missing from /api/demo`);
  return { ...found, fiscalCode: found.fiscalCode };
}

/** Luhn (mod 10) check digit, as printed on the Italian health card. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The health card of the n-th demo citizen (1 Maria, 2 Giuseppe, 3 Ernesto, 4 Anna): reserved block 80380999…. */
export function demoCard(index: number): string {
  const body = `80380999${String(index).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

/** The demo citizens' mobile numbers (src/registry/demo.ts). */
export const demoPhones = {
  maria: '+393330000001',
  giuseppe: '+393330000002',
  anna: '+393330000003',
  ernesto: '+393330000004',
} as const;

/** On the provider's login page: signs in and waits to be back in Salus. */
export async function signInAtProvider(page: Page, demo: DemoInfo, username: string): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/idp/interaction/'));
  await page.locator('#username').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(demo.password ?? '');
  await page.getByRole('button', { name: 'Entra' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/idp') && !url.pathname.startsWith('/auth'));
}

/** From a page that shows the login prompt: logs in as citizen or operator and comes back to it. */
export async function logInFromPrompt(
  page: Page,
  demo: DemoInfo,
  as: 'citizen' | 'operator',
  username: string,
): Promise<void> {
  await page.getByText('Accedi per continuare').waitFor();
  await expectNoSeriousA11yViolations(page);
  const back = new URL(page.url()).pathname;
  await page.getByRole('link', { name: as === 'citizen' ? 'Accedi come cittadino' : 'Accedi come operatore' }).click();
  await signInAtProvider(page, demo, username);
  expect(new URL(page.url()).pathname).toBe(back);
}
