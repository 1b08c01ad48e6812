// Issue 17, in the browser: a person enrolls on the web form with a phone that is not the
// registry's, confirms with the code read on the simulated phones page, the region runs
// the allocation, and the appointment SMS arrives on the phone typed in the form, naming
// the person; the registry's phone gets nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { launchBrowser, OpenedPages, screenshot, type PageWithErrors } from './browser.ts';
import { account, demoCard, demoPhones, loadDemo, logInFromPrompt } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { enrollmentCode, phoneMessages, simulatorRunning } from './sms.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened = new OpenedPages();

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 100 }), launchBrowser()]);
  demo = await loadDemo(platform);
  expect(await simulatorRunning(platform)).toBe(true);
});

afterAll(async () => {
  await opened.closeAll();
  await browser.close();
  await platform.close();
});

const newSession = (): Promise<PageWithErrors> => opened.open(browser);

describe('the phone typed while enrolling', () => {
  it('receives the code and then the appointment, each naming the person', { timeout: 120_000 }, async () => {
    const ernesto = account(demo, 'ernesto.pozzi');
    const { page, context } = await newSession();
    await page.goto(`${platform.baseUrl}/adesione/covid-over80`);
    await page.getByLabel('Codice fiscale', { exact: true }).fill(ernesto.fiscalCode);
    await page.getByLabel('Numero della tessera sanitaria', { exact: true }).fill(demoCard(3));
    // His grandson's phone, not the one in the registry (+39 333 000 0004).
    await page.getByLabel('Numero di cellulare', { exact: true }).fill('347 555 0104');
    await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();
    await page.getByTestId('reassure').waitFor();

    const phones = await context.newPage();
    await phones.goto(`${platform.baseUrl}/telefoni`);
    await phones.getByRole('link', { name: /\+39 347 555 0104/ }).click({ timeout: 30_000 });
    const codeSms = phones.getByTestId('sms').filter({ hasText: 'codice di adesione di Ernesto P.' });
    await codeSms.waitFor({ timeout: 30_000 });
    const { code } = enrollmentCode((await codeSms.textContent()) ?? '');

    await page.getByLabel('Codice di 6 cifre', { exact: true }).fill(code);
    await page.getByRole('button', { name: "Conferma l'adesione" }).click();
    await page.getByRole('heading', { level: 2, name: 'La tua adesione è confermata' }).waitFor();

    const region = (await newSession()).page;
    await region.goto(`${platform.baseUrl}/regione/capacita`);
    await logInFromPrompt(region, demo, 'operator', 'regione.fontana');
    await region.getByRole('button', { name: 'Assegna ora gli appuntamenti' }).click();
    await region.getByTestId('allocation-report').waitFor();

    // The inbox refreshes itself every 2 seconds.
    const appointment = phones.getByTestId('sms').filter({ hasText: 'appuntamento di Ernesto P.' });
    await appointment.waitFor({ timeout: 60_000 });
    expect(await appointment.textContent()).toContain('"I miei appuntamenti"');
    await screenshot(phones, 'phones-appointment-typed-phone');
    const registry = await phoneMessages(platform, demoPhones.ernesto);
    expect(registry.filter((m) => m.text.includes('appuntamento') || m.text.includes('adesione'))).toEqual([]);
  });
});
