// Login through the REAL identity provider pages, as a citizen and as a GP:
// the header shows who is logged in, a citizen names a delegate on /profilo,
// the delegate acts on her behalf, logout ends the provider's session too
// (no confirmation page; the next login asks for the password), and a GP finds
// the citizen in the patient list.
// The tests run in order: later ones build on the delegation made earlier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { demoInfo, type DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { apiGet, startE2ePlatform, type E2ePlatform } from './platform.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 300 }), launchBrowser()]);
  demo = await apiGet(platform, '/api/demo', demoInfo);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

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

// Anna Sala's card in the demo registry: the reserved 80380999… block.
const annaCardBody = '8038099900000000004';
const annaCard = annaCardBody + luhnCheckDigit(annaCardBody);

function account(username: string): DemoInfo['accounts'][number] {
  const found = demo.accounts.find((a) => a.username === username);
  if (found === undefined) throw new Error(`demo account ${username} missing from /api/demo`);
  return found;
}

function password(): string {
  if (demo.password === null) throw new Error('/api/demo gave no password: is demo mode on?');
  return demo.password;
}

/** A new browser context (its own cookies, so its own login) at `path`. */
async function open(path: string, options?: { width?: number; height?: number }): Promise<Page> {
  const session = await openPage(browser, options);
  opened.push(session);
  await session.page.goto(platform.baseUrl + path);
  return session.page;
}

/**
 * Script errors seen since the last call, in every context. The provider's
 * pages ask for a favicon the server does not have: that 404 is not an error
 * of the app.
 */
function takeErrors(): string[] {
  return opened.flatMap((session) => session.errors.splice(0)).filter((error) => !error.includes('404'));
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const accountToggle = (page: Page) => page.getByTestId('account-toggle');
const path = (page: Page) => new URL(page.url()).pathname;

/** On the provider's login page: checks it, signs in, and waits to be back in Salus. */
async function signInAtProvider(page: Page, username: string, shot?: string): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/idp/interaction/'));
  await page.locator('#username').waitFor();
  // The password shown on the provider's demo list is the one /api/demo gives.
  expect(await page.locator('#demo-password').textContent()).toBe(password());
  await expectNoSeriousA11yViolations(page);
  if (shot !== undefined) await screenshot(page, shot);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password());
  await page.getByRole('button', { name: 'Entra' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/idp') && !url.pathname.startsWith('/auth'));
}

async function openAccountMenu(page: Page): Promise<Locator> {
  await accountToggle(page).click();
  const panel = page.locator('#account-menu');
  await panel.waitFor();
  return panel;
}

async function logOut(page: Page, shot?: string): Promise<void> {
  const panel = await openAccountMenu(page);
  await panel.getByRole('button', { name: 'Esci' }).click();
  // RP-initiated logout: Salus has already ended the provider's session, so the
  // provider asks nothing and sends the browser straight back to Salus.
  await page.waitForURL((url) => url.origin === platform.baseUrl && url.pathname === '/');
  await page.getByRole('button', { name: 'Accedi' }).waitFor();
  await expectNoSeriousA11yViolations(page);
  if (shot !== undefined) await screenshot(page, shot);
}

async function meInBrowser(page: Page): Promise<{ authenticated: boolean }> {
  const response = await page.request.get(`${platform.baseUrl}/api/me`);
  return (await response.json()) as { authenticated: boolean };
}

describe('a citizen', () => {
  // One browser context for the three steps: they share Maria's session.
  let page: Page;

  it('logs in from the header through the provider and sees herself there', async () => {
    const maria = account('maria.brambilla');
    page = await open('/');
    await h1(page).waitFor();
    const login = page.getByRole('button', { name: 'Accedi' });
    expect(await login.getAttribute('aria-expanded')).toBe('false');
    await login.click();
    expect(await login.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'header-login-menu');
    // Escape closes the menu and gives focus back to its button.
    await page.keyboard.press('Escape');
    expect(await page.locator('#login-menu').isVisible()).toBe(false);
    await login.click();
    await page.getByRole('link', { name: /Come cittadino/ }).click();

    await signInAtProvider(page, 'maria.brambilla', 'provider-login');
    // From the home page a citizen lands on her profile.
    await page.getByRole('heading', { level: 1, name: 'Il mio profilo' }).waitFor();
    expect(path(page)).toBe('/profilo');
    const who = await accountToggle(page).textContent();
    expect(who).toContain('Maria Brambilla');
    expect(who).toContain('Cittadino');
    expect(
      await page
        .getByRole('navigation', { name: 'Navigazione principale' })
        .getByRole('link', { name: 'Il mio profilo' })
        .count(),
    ).toBe(1);

    const details = page.getByTestId('citizen-details');
    await details.waitFor();
    expect(await details.locator('[data-detail="fiscalCode"] dd').textContent()).toBe(maria.fiscalCode);
    expect(await details.locator('[data-detail="birthDate"] dd').textContent()).toBe('12 marzo 1936');
    expect(takeErrors()).toEqual([]);
  });

  it('names her granddaughter as delegate, with the form checking as she types', async () => {
    const anna = account('anna.sala');
    await page.getByRole('heading', { level: 2, name: 'Le mie deleghe' }).waitFor();
    await page.getByTestId('no-delegates').waitFor();

    const cf = page.getByLabel('Codice fiscale del delegato');
    const card = page.getByLabel('Numero della tessera sanitaria del delegato');
    // A card that cannot start like this is flagged at once...
    await card.fill('8039');
    await page.getByText('Questo numero di tessera non è valido').waitFor();
    expect(await card.getAttribute('aria-invalid')).toBe('true');
    // ...a short one only when she tries to submit.
    await card.fill(annaCard.slice(0, 12));
    expect(await card.getAttribute('aria-invalid')).toBe('false');
    await page.getByRole('button', { name: 'Nomina delegato' }).click();
    await page.getByText('Il numero della tessera ha 20 cifre: ne hai scritte 12.').waitFor();
    await page.getByText('Scrivi il codice fiscale del delegato.').waitFor();
    await screenshot(page, 'profile-delegation-errors');

    await cf.fill((anna.fiscalCode ?? '').toLowerCase());
    await card.fill(annaCard);
    expect(await page.getByText('Il formato è corretto.').count()).toBe(2);
    await page.getByRole('button', { name: 'Nomina delegato' }).click();
    await page
      .getByTestId('delegation-status')
      .getByText('Delega registrata: Anna Sala ora può agire per tuo conto.')
      .waitFor();
    const delegates = page.getByRole('list', { name: 'I miei delegati' });
    await delegates.getByText('Anna Sala').waitFor();
    expect(await delegates.getByText(anna.fiscalCode ?? '').count()).toBe(1);
    // The form is empty again, ready for another delegate.
    expect(await cf.inputValue()).toBe('');

    // Who looked at her data: her own login and reads are in the log.
    const log = page.getByRole('table', { name: /Registro degli accessi/ });
    await log.waitFor();
    await log.getByRole('cell', { name: 'Accesso', exact: true }).first().waitFor();
    expect(await log.locator('tbody tr').count()).toBeGreaterThan(1);

    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'profile-it');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    expect(await accountToggle(page).textContent()).toContain('Citizen');
    await page.getByRole('table', { name: /Access log/ }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'profile-en');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await h1(page).getByText('Il mio profilo').waitFor();
    expect(takeErrors()).toEqual([]);
  });

  it('logs out of Salus and of the provider at once', async () => {
    await accountToggle(page).waitFor();
    await openAccountMenu(page);
    await screenshot(page, 'header-account-menu');
    await page.keyboard.press('Escape');
    await logOut(page, 'logged-out');
    expect((await meInBrowser(page)).authenticated).toBe(false);
    // The provider's session ended too: logging in again asks for the password.
    await page.goto(`${platform.baseUrl}/auth/login?as=citizen`);
    await page.getByLabel('Password').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/idp\/interaction\//);

    // The profile now asks her to log in again.
    await page.goto(`${platform.baseUrl}/profilo`);
    await page.getByText('Accedi per continuare').waitFor();
    const again = page.getByRole('link', { name: 'Accedi come cittadino' });
    expect(await again.getAttribute('href')).toBe('/auth/login?as=citizen&returnTo=%2Fprofilo');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'profile-logged-out');
    expect(takeErrors()).toEqual([]);
  });
});

describe('a delegate', () => {
  it('switches to acting for the person who delegated her, and back', async () => {
    const maria = account('maria.brambilla');
    const page = await open('/profilo');
    await page.getByRole('link', { name: 'Accedi come cittadino' }).click();
    await signInAtProvider(page, 'anna.sala');
    await page.getByRole('heading', { level: 1, name: 'Il mio profilo' }).waitFor();
    await page.getByRole('heading', { name: 'Persone che rappresenti' }).waitFor();

    const panel = await openAccountMenu(page);
    const switcher = panel.getByRole('group', { name: 'Stai agendo per' });
    expect(await switcher.getByRole('button', { name: /\bIo \(Anna Sala\)/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await switcher.getByRole('button', { name: 'Maria Brambilla' }).click();
    await expect.poll(() => accountToggle(page).textContent()).toContain('per conto di Maria Brambilla');
    expect(await accountToggle(page).textContent()).toContain('Delegato');
    expect(await switcher.getByRole('button', { name: 'Maria Brambilla' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'header-acting-for-menu');
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');

    await page.getByRole('heading', { level: 2, name: 'Dati di Maria Brambilla', exact: true }).waitFor();
    const details = page.getByTestId('citizen-details');
    await expect.poll(() => details.locator('[data-detail="fiscalCode"] dd').textContent()).toBe(maria.fiscalCode);
    // A delegate cannot name delegates for someone else: that section is gone.
    expect(await page.getByRole('heading', { name: 'Le mie deleghe' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'profile-acting-for');

    const again = await openAccountMenu(page);
    await again.getByRole('button', { name: /\bIo \(Anna Sala\)/ }).click();
    await page.getByRole('heading', { level: 2, name: 'I miei dati', exact: true }).waitFor();
    expect(await accountToggle(page).textContent()).not.toContain('per conto di');
    expect(takeErrors()).toEqual([]);
  });
});

describe('a GP', () => {
  it('logs in as an operator and finds Maria Brambilla in the patient list', async () => {
    const maria = account('maria.brambilla');
    const page = await open('/medico');
    await h1(page).getByText('I miei assistiti').waitFor();
    await page.getByText('Accedi per continuare').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Accedi come operatore' }).click();
    await signInAtProvider(page, 'mmg.colombo');
    expect(path(page)).toBe('/medico');
    const who = await accountToggle(page).textContent();
    expect(who).toContain('Laura Colombo');
    expect(who).toContain('Medico di medicina generale');

    const table = page.getByRole('table', { name: 'Elenco degli assistiti' });
    await table.waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'gp-patients-it');
    // Sorted by surname: page on until Brambilla shows up (few pages at most).
    const link = table.getByRole('link', { name: 'Brambilla Maria' });
    for (let i = 0; i < 10 && (await link.count()) === 0; i++) {
      await page
        .getByRole('navigation', { name: /Pagine dell/ })
        .getByRole('link', { name: 'Pagina successiva' })
        .click();
      await page.waitForURL((url) => url.searchParams.has('page'));
      await table.locator('tbody tr').first().waitFor();
    }
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Maria Brambilla' }).waitFor();
    expect(await page.title()).toBe('Maria Brambilla · Salus');
    await page.getByTestId('citizen-details').waitFor();
    expect(path(page)).toBe(`/medico/assistiti/${maria.fiscalCode ?? ''}`);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'gp-patient-record');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Registry data' }).waitFor();
    expect(await accountToggle(page).textContent()).toContain('General practitioner');
    await page.getByRole('link', { name: 'Back to the patient list' }).click();
    await page.getByRole('table', { name: 'Patient list' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'gp-patients-en');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await h1(page).getByText('I miei assistiti').waitFor();
    await logOut(page);
    expect(takeErrors()).toEqual([]);
  });

  it('is a GP only: a citizen gets a clear message on the GP page', async () => {
    const page = await open('/medico');
    await page.getByRole('link', { name: 'Accedi come operatore' }).click();
    // Anna is a citizen, not an operator: she gets her citizen session.
    await signInAtProvider(page, 'anna.sala');
    await page.getByText('Questa pagina è riservata ai medici di medicina generale.').waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(takeErrors()).toEqual([]);
  });
});

describe('the access log', () => {
  it('shows the citizen that her GP looked at her data', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'Accedi come cittadino' }).click();
    await signInAtProvider(page, 'maria.brambilla');
    const log = page.getByRole('table', { name: /Registro degli accessi/ });
    await log.waitFor();
    // Her registry data, read on the patient page (the same page also reads her health record).
    const gpRow = log.locator('tbody tr', { hasText: 'Laura Colombo' }).filter({ hasText: 'Dati anagrafici' }).first();
    await gpRow.waitFor();
    expect(await gpRow.textContent()).toContain('Medico di medicina generale');
    expect(await gpRow.textContent()).toContain('Cura');
    // Being shown, with name, codice fiscale and birth date, in her GP's patient list.
    const listRow = log
      .locator('tbody tr', { hasText: 'Laura Colombo' })
      .filter({ hasText: 'Visto nell’elenco assistiti del medico di famiglia' })
      .first();
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain('Elenco assistiti');
    await screenshot(page, 'profile-access-log');

    // On a phone the header keeps her name; the wide tables scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await accountToggle(page).isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'profile-phone');
    await openAccountMenu(page);
    await screenshot(page, 'header-account-menu-phone');
    expect(takeErrors()).toEqual([]);
  });
});
