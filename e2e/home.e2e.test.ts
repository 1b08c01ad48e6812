// The public pages as a citizen sees them: home in Italian and English, the
// registry with a municipality search, the 404 page and the calm error page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoInfo, municipalityPage, registryStats, type RegistryStats } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  focusedElement,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { apiGet, startE2ePlatform, type E2ePlatform } from './platform.ts';

let platform: E2ePlatform;
let browser: Browser;
let stats: RegistryStats;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 500 }), launchBrowser()]);
  stats = await apiGet(platform, '/api/registry/stats', registryStats);
});

afterAll(async () => {
  await browser.close();
  await platform.close();
});

async function open(path: string, options?: { width?: number; height?: number }): Promise<Page> {
  const session = await openPage(browser, options);
  opened.push(session);
  await session.page.goto(platform.baseUrl + path);
  return session.page;
}

/** Script errors of every page opened by the current test; cleared for the next. */
function takeErrors(): string[] {
  return opened.splice(0).flatMap((session) => session.errors);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] dd`);
const italianNumber = (n: number) => new Intl.NumberFormat('it-IT').format(n);
const englishNumber = (n: number) => new Intl.NumberFormat('en-GB').format(n);

describe('home page', () => {
  it('offers one-click entry points, each with the demo account to use, and each opens its page', async () => {
    const page = await open('/');
    const entries = page.getByTestId('entry-points');
    await entries.waitFor();
    const expected: [string, string, RegExp][] = [
      ['enroll', '/campagne/covid-over80', /maria\.brambilla/],
      ['phones', '/telefoni', /nessun accesso necessario/],
      ['gp', '/medico', /mmg\.colombo/],
      ['pharmacy', '/farmacia', /farm\.galli/],
      ['centre', '/centro', /vacc\.ferrari/],
      ['dashboard', '/regione/cruscotto', /regione\.fontana/],
      ['fse', '/fascicolo', /maria\.brambilla/],
      ['verifier', '/verifica', /nessun accesso necessario/],
    ];
    expect(await entries.locator('li[data-testid^="entry-"]').count()).toBe(expected.length);
    for (const [id, path, account] of expected) {
      const entry = page.getByTestId(`entry-${id}`);
      expect(await entry.textContent()).toMatch(account);
      expect(await entry.locator('a').first().getAttribute('href')).toBe(path);
    }
    // One click: the verifier needs no login and opens at once.
    await page.getByTestId('entry-verifier').locator('a').first().click();
    await page.waitForURL(/\/verifica$/);
    await h1(page).waitFor();
    expect(takeErrors()).toEqual([]);
  });

  it('explains Salus in Italian and shows the demo accounts and live figures', async () => {
    const demo = await apiGet(platform, '/api/demo', demoInfo);
    expect(demo.enabled).toBe(true);
    expect(demo.accounts.length).toBeGreaterThan(0);

    const page = await open('/');
    expect(await h1(page).textContent()).toBe('Salus, la piattaforma sanitaria della Lombardia');
    expect(await page.locator('html').getAttribute('lang')).toBe('it');
    expect(await page.title()).toBe('Salus');
    for (const text of ['Fascicolo Sanitario Elettronico', 'Green Pass', 'Appuntamenti']) {
      await page.getByRole('heading', { name: text }).waitFor();
    }

    const accounts = page.getByRole('table', { name: 'Account di prova' });
    await accounts.waitFor();
    expect(await accounts.locator('tbody tr').count()).toBe(demo.accounts.length);
    for (const account of demo.accounts) {
      const row = accounts.locator('tbody tr', { hasText: account.username });
      expect(await row.locator('th').textContent()).toBe(account.name);
      // Each note is shown in the page's language.
      expect(await row.locator('td').last().textContent()).toBe(account.note.it);
    }
    expect(await page.getByTestId('demo-password').textContent()).toBe(demo.password);

    expect(await figure(page, 'citizens').textContent()).toBe(italianNumber(stats.citizens));
    expect(await figure(page, 'municipalities').textContent()).toBe(italianNumber(stats.municipalities));
    expect(await figure(page, 'over80').textContent()).toBe(italianNumber(stats.over80));
    expect(await figure(page, 'gps').textContent()).toBe(italianNumber(stats.gps));

    // Entry points that need a login go through the server's /auth/login and come back.
    expect(await page.getByRole('link', { name: 'Accedi come cittadino' }).getAttribute('href')).toBe(
      '/auth/login?as=citizen&returnTo=%2Fprofilo',
    );
    expect(await page.getByRole('link', { name: 'Accedi come operatore' }).getAttribute('href')).toBe(
      '/auth/login?as=operator&returnTo=%2Farea-personale',
    );
    expect(await page.getByRole('link', { name: /Consulta l'anagrafe/ }).getAttribute('href')).toBe('/registry');
    expect(await page.getByRole('link', { name: /Documentazione delle API/ }).getAttribute('href')).toBe('/docs');

    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'home-it');
    expect(takeErrors()).toEqual([]);
  });

  it('switches to English, updates <html lang> and remembers the choice', async () => {
    const page = await open('/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Salus, the health platform of Lombardy' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    const accounts = page.getByRole('table', { name: 'Test accounts' });
    await accounts.waitFor();
    const demo = await apiGet(platform, '/api/demo', demoInfo);
    const first = demo.accounts[0];
    if (first !== undefined) {
      const row = accounts.locator('tbody tr', { hasText: first.username });
      expect(await row.locator('td').last().textContent()).toBe(first.note.en);
    }
    expect(await figure(page, 'citizens').textContent()).toBe(englishNumber(stats.citizens));

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Salus, the health platform of Lombardy' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'home-en');

    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Salus, la piattaforma sanitaria della Lombardia' }).waitFor();
    expect(takeErrors()).toEqual([]);
  });

  it('can be used from the keyboard: the skip link moves focus to the content', async () => {
    const page = await open('/');
    await h1(page).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Vai al contenuto principale' });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page)).id).toBe('main-content');
    expect(takeErrors()).toEqual([]);
  });
});

describe('on a phone', () => {
  it('opens the menu from the toggler and navigates with it', async () => {
    const page = await open('/', { width: 390, height: 844 });
    await h1(page).waitFor();
    const mainNav = page.getByRole('navigation', { name: 'Navigazione principale' });
    expect(await mainNav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Mostra la navigazione' }).click();
    await mainNav.getByRole('link', { name: 'Anagrafe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anagrafe' }).waitFor();
    // The menu closes after navigating (with a ~350 ms slide-out), and the page
    // is still accessible at this width.
    await expect.poll(() => mainNav.isVisible()).toBe(false);
    // The header's language and login buttons fit: no sideways scrolling.
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'registry-phone');
    expect(takeErrors()).toEqual([]);
  });

  it('shows the home page, demo tables included, without sideways scrolling, in both languages', async () => {
    const page = await open('/', { width: 390, height: 844 });
    await page.getByTestId('demo-account-maria.brambilla').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Salus, the health platform of Lombardy' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'home-phone-en');
    expect(takeErrors()).toEqual([]);
  });
});

describe('registry page', () => {
  it('shows the population tables and finds a municipality by name', async () => {
    const page = await open('/');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Anagrafe' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Anagrafe' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/registry');

    const provinces = page.getByRole('table', { name: /per provincia/ });
    await provinces.waitFor();
    expect(await provinces.locator('tbody tr').count()).toBe(stats.byProvince.length);
    const ages = page.getByRole('table', { name: /fascia d'età/ });
    expect(await ages.locator('tbody tr').count()).toBe(stats.byAgeBand.length);

    const expected = await apiGet(platform, '/api/registry/municipalities?q=Bergamo&limit=20', municipalityPage);
    await page.getByLabel('Nome del comune').fill('Bergamo');
    await page.getByRole('button', { name: 'Cerca' }).click();
    const results = page.getByRole('table', { name: 'Comuni trovati' });
    await results.getByRole('rowheader', { name: 'Bergamo', exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('Bergamo');
    expect(await results.locator('tbody tr').count()).toBe(expected.items.length);
    expect(await page.getByTestId('municipality-count').textContent()).toMatch(/comun[ei] trovat[oi]/);

    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'registry-search-bergamo');
    expect(takeErrors()).toEqual([]);
  });

  it('filters by province and pages through the results', async () => {
    const total = (await apiGet(platform, '/api/registry/municipalities?province=BG&limit=1', municipalityPage)).total;
    expect(total).toBeGreaterThan(20);

    const page = await open('/registry');
    await page.getByLabel('Provincia', { exact: true }).selectOption('BG');
    await page.getByRole('button', { name: 'Cerca' }).click();
    const pages = Math.ceil(total / 20);
    const pager = page.getByRole('navigation', { name: 'Pagine dei risultati' });
    await pager.getByText(`Pagina 1 di ${pages}`).waitFor();
    await pager.getByRole('link', { name: 'Pagina successiva' }).click();
    await pager.getByText(`Pagina 2 di ${pages}`).waitFor();
    expect(new URL(page.url()).search).toBe('?province=BG&page=2');

    // Back returns to the first page of the same search.
    await page.goBack();
    await pager.getByText(`Pagina 1 di ${pages}`).waitFor();
    expect(takeErrors()).toEqual([]);
  });
});

describe('error pages', () => {
  it('answers an unknown address with a 404 page', async () => {
    const page = await open('/non-esiste');
    expect(await h1(page).textContent()).toBe('Pagina non trovata');
    await page.getByRole('link', { name: 'Torna alla home' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'not-found');
    expect(takeErrors()).toEqual([]);
  });

  it('shows the calm page when the API answers 503, and recovers on retry', async () => {
    const session = await openPage(browser);
    const { page, context } = session;
    await context.route('**/api/registry/stats', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'database failover',
        }),
      }),
    );
    await page.goto(`${platform.baseUrl}/registry`);
    await page.getByText('Il servizio è temporaneamente non disponibile, riprova tra poco.').waitFor();
    expect(await h1(page).textContent()).toBe('Servizio non disponibile');
    // Technical details stay out of the citizen's view.
    expect(await page.getByText('database failover').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'registry-unavailable');

    await context.unroute('**/api/registry/stats');
    await page.getByRole('button', { name: 'Riprova' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anagrafe' }).waitFor();
    await context.close();
    // The browser logs the failed 503 request itself: that one error is expected.
    expect(session.errors.filter((error) => !error.includes('503'))).toEqual([]);
  });
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
});
