// The simulated phones page (issue #4), a demo tool: the numbers the SMS
// simulator delivered to, and each one's inbox, refreshed by itself. Its own
// behaviour is checked on canned answers; the real simulator is exercised by
// the enrollment tests whenever the platform runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, openPage, screenshot, type PageWithErrors } from './browser.ts';
import { demoPhones } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { simulatorRunning } from './sms.ts';

let platform: E2ePlatform;
let browser: Browser;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 50 }), launchBrowser()]);
  // `npm start` and the test platform run the simulators; this suite exercises the page itself.
  expect(await simulatorRunning(platform)).toBe(true);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function newSession(): Promise<PageWithErrors> {
  const session = await openPage(browser);
  opened.push(session);
  return session;
}

/** Script errors since the last call; a 404 from /api/sim/* is the expected answer without a simulator. */
function takeErrors(): string[] {
  return opened
    .flatMap((session) => session.errors.splice(0))
    .filter((error) => !error.includes('Failed to load resource: the server responded with a status of 404'));
}

describe('the simulated phones page', () => {
  it('lists the numbers and shows one inbox, refreshed by itself (canned answers)', async () => {
    const { page } = await newSession();
    const now = Date.now();
    const message = (id: string, text: string, ago: number) => ({
      id,
      provider: 'a',
      from: 'Salus',
      text,
      submittedAt: new Date(now - ago - 4000).toISOString(),
      deliveredAt: new Date(now - ago).toISOString(),
    });
    let inbox = [
      message(
        'm1',
        "Salus: il tuo codice di adesione è 123456. Completa l'adesione con il codice oppure apri " +
          `${platform.baseUrl}/r/abcdefghijkl (valido 2 ore).`,
        60_000,
      ),
    ];
    await page.route('**/api/sim/phones', (route) =>
      route.fulfill({
        json: {
          phones: [{ number: demoPhones.maria, received: inbox.length, lastDeliveredAt: new Date(now).toISOString() }],
        },
      }),
    );
    await page.route('**/api/sim/phones/*/messages', (route) =>
      route.fulfill({ json: { number: demoPhones.maria, messages: inbox } }),
    );
    await page.goto(`${platform.baseUrl}/telefoni`);
    await page.getByRole('heading', { level: 1, name: 'Telefoni simulati' }).waitFor();
    await page.getByTestId('demo-tool-note').getByText('Strumento dimostrativo').waitFor();
    await page
      .getByTestId('phone-list')
      .getByRole('link', { name: /\+39 333 000 0001/ })
      .click();
    const sms = page.getByTestId('sms');
    await sms.first().waitFor();
    // The link in the SMS can be followed from the phone.
    expect(await sms.first().getByRole('link').getAttribute('href')).toBe(`${platform.baseUrl}/r/abcdefghijkl`);
    // A new message appears without reloading, and is announced.
    inbox = [message('m2', 'Salus: adesione confermata.', 0), ...inbox];
    await expect.poll(() => sms.count(), { timeout: 10_000 }).toBe(2);
    await page.getByText('È arrivato un nuovo messaggio.').waitFor({ state: 'attached' });
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'phones-page');
    expect(takeErrors()).toEqual([]);
  });

  it('says so when the platform runs no SMS simulator (answers stubbed as 404)', async () => {
    const { page } = await newSession();
    await page.route('**/api/sim/**', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        json: { type: 'about:blank', title: 'Not found', status: 404, detail: 'no simulator' },
      }),
    );
    await page.goto(`${platform.baseUrl}/telefoni`);
    await page.getByTestId('sim-off').waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(takeErrors()).toEqual([]);
  });
});
