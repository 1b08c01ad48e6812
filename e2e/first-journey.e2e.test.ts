// Issue 17 (Major 2): a newcomer could not try the main flow without reading the database.
// The README's first journey, using ONLY what the pages show: the home page lists eligible
// over-80s not yet enrolled with the data the form asks for, "Iscrivi" opens the form filled
// in, the SMS code is read on the simulated phone the home page named, and the enrollment is
// confirmed. And each demo account is a one-click "Entra come" through the real provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  expectNoSeriousA11yViolations,
  launchBrowser,
  OpenedPages,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { enrollmentCode, simulatorRunning } from './sms.ts';

let platform: E2ePlatform;
let browser: Browser;
const opened = new OpenedPages();

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 300 }), launchBrowser()]);
  expect(await simulatorRunning(platform)).toBe(true);
});

afterAll(async () => {
  await opened.closeAll();
  await browser.close();
  await platform.close();
});

const newSession = (): Promise<PageWithErrors> => opened.open(browser);

/** Script errors since the last call, leaving out the 4xx answers the browser logs (the provider's favicon). */
function takeErrors(): string[] {
  return opened.all
    .flatMap((session) => session.errors.splice(0))
    .filter((error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error));
}

const cell = async (row: Locator, name: string): Promise<string> =>
  ((await row.locator(`[data-field="${name}"]`).textContent()) ?? '').trim();
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

describe("the README's first journey, from the home page alone", () => {
  it(
    'enrolls an over-80 shown on the home page, with the code read on the phone the page names',
    { timeout: 120_000 },
    async () => {
      const { page, context } = await newSession();
      await page.goto(`${platform.baseUrl}/`);
      const table = page.getByRole('table', { name: 'Persone over 80 non ancora iscritte alla campagna' });
      await table.waitFor();
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(5);
      const row = rows.first();
      const person = {
        name: ((await row.locator('th').textContent()) ?? '').trim(),
        fiscalCode: await cell(row, 'fiscalCode'),
        healthCard: await cell(row, 'healthCard'),
        phone: await cell(row, 'phone'),
      };
      expect(person.fiscalCode).toMatch(/^[A-Z0-9]{16}$/);
      expect(person.healthCard).toMatch(/^\d{20}$/);
      expect(person.phone).toMatch(/^\+39\d{9,10}$/);
      // The named demo citizens show their health card and phone too.
      const maria = page.getByTestId('demo-account-maria.brambilla');
      expect(await cell(maria, 'healthCard')).toMatch(/^\d{20}$/);
      expect(await cell(maria, 'phone')).toBe('+393330000001');
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'home-demo-people');

      // "Iscrivi" opens the form with the data filled in; nothing is sent until the button.
      await row.getByRole('link', { name: `Iscrivi ${person.name}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Aderisci alla vaccinazione' }).waitFor();
      expect(await field(page, 'Codice fiscale').inputValue()).toBe(person.fiscalCode);
      expect(await field(page, 'Numero della tessera sanitaria').inputValue()).toBe(person.healthCard);
      expect(await field(page, 'Numero di cellulare').inputValue()).toBe(person.phone);
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();
      await page.getByTestId('reassure').waitFor();

      // The simulated phones, in another tab: the number the home page showed.
      const phones = await context.newPage();
      await phones.goto(`${platform.baseUrl}/telefoni`);
      await phones.getByRole('heading', { level: 1, name: 'Telefoni simulati' }).waitFor();
      await phones
        .getByTestId('phone-list')
        .locator(`a[href$="numero=${encodeURIComponent(person.phone)}"]`)
        .click({ timeout: 30_000 });
      const sms = phones.getByTestId('sms').filter({ hasText: 'codice di adesione' });
      await sms.first().waitFor({ timeout: 30_000 });
      const { code } = enrollmentCode((await sms.first().textContent()) ?? '');
      await phones.close();

      await field(page, 'Codice di 6 cifre').fill(code);
      await page.getByRole('button', { name: "Conferma l'adesione" }).click();
      await page.getByRole('heading', { level: 2, name: 'La tua adesione è confermata' }).waitFor();
      await screenshot(page, 'first-journey-done');

      // Back home, the enrolled person has left the list and another takes the place.
      await page.goto(`${platform.baseUrl}/`);
      await table.waitFor();
      expect(await rows.count()).toBe(5);
      expect(await table.textContent()).not.toContain(person.fiscalCode);
      expect(takeErrors()).toEqual([]);
    },
  );

  it('logs in as maria.brambilla with one click and the password the provider shows', async () => {
    const { page } = await newSession();
    await page.goto(`${platform.baseUrl}/`);
    const maria = page.getByTestId('demo-account-maria.brambilla');
    await maria.getByRole('link', { name: 'Entra come Maria Brambilla' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/idp/interaction/'));
    expect(await page.locator('#username').inputValue()).toBe('maria.brambilla');
    const password = ((await page.locator('#demo-password').textContent()) ?? '').trim();
    expect(password).not.toBe('');
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.waitForURL((url) => url.pathname === '/appuntamenti');
    await page.getByRole('heading', { level: 1, name: 'I miei appuntamenti' }).waitFor();
    await screenshot(page, 'first-journey-login');
    expect(takeErrors()).toEqual([]);
  });
});
