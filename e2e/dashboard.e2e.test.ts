// The region's live dashboard (issue #11): known data is seeded through the
// API (a pharmacist enrolls two demo citizens, the region runs the allocation),
// then the dashboard, its CSV export and the day report must show exactly those
// figures, with small counts suppressed; a GP is refused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { expectNoSeriousA11yViolations, launchBrowser, type PageWithErrors } from './browser.ts';
import { account, demoCard, loadDemo } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { apiSend, docsScreenshot, loggedIn, takeErrors } from './session.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];
let region: Page;
/** Appointments the dashboard shows as booked, to compare with the day report. */
let bookedOnDashboard = 0;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform(), launchBrowser()]);
  demo = await loadDemo(platform);

  // Seed: the pharmacist enrolls Maria and Giuseppe with their health cards.
  const pharmacist = await loggedIn(browser, platform, demo, '/farmacia', 'operator', 'farm.galli');
  opened.push(pharmacist);
  for (const [username, card] of [['maria.brambilla', demoCard(1)], ['giuseppe.locatelli', demoCard(2)]] as const) {
    await apiSend(pharmacist.page, 'POST', '/api/campaigns/covid-over80/enrollments', { fiscalCode: account(demo, username).fiscalCode, healthCardNumber: card });
  }
  const regionSession = await loggedIn(browser, platform, demo, '/regione/cruscotto', 'operator', 'regione.fontana');
  opened.push(regionSession);
  region = regionSession.page;
  await apiSend(region, 'POST', '/api/scheduling/allocate', { campaign: 'covid-over80' });
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

/** The cells of a table row whose header is `rowHeader`. */
async function rowCells(page: Page, testId: string, rowHeader: string): Promise<string[]> {
  const row = page.getByTestId(testId).locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: rowHeader, exact: true }) });
  return row.locator('th, td').allTextContents();
}

describe('region dashboard', () => {
  it('shows the seeded enrollments by channel, live, with small counts suppressed', async () => {
    await region.getByRole('heading', { level: 1, name: 'Cruscotto regionale' }).waitFor();
    // Refreshes every 5 s: the figures arrive without a reload.
    await expect.poll(() => rowCells(region, 'table-by-channel', 'Farmacisti'), { timeout: 15_000 }).toEqual(['Farmacisti', '2']);
    expect(await region.getByTestId('enrollments-total').textContent()).toBe('2 adesioni in totale');
    // Two enrollments over the cohorts: every cohort count is below 5, so none is shown as a number.
    const cohorts = await region.getByTestId('table-cohorts').locator('tbody').textContent();
    expect(cohorts).toContain('< 5');
    expect(cohorts).not.toMatch(/\b[1-4]\b(?! )/);
    // The allocation booked appointments, and they show against capacity.
    // (Each citizen has a first dose, and a second one at the vaccine's interval.)
    // The long table starts folded; the page may still show the figures from before the allocation.
    const weeks = region.getByTestId('table-province-week');
    await weeks.locator('summary').click();
    const bookedNow = async () => {
      const booked = await weeks.locator('tbody tr td:nth-child(3)').allTextContents();
      return booked.reduce((sum, n) => sum + Number(n.replace(/\./g, '')), 0);
    };
    await expect.poll(bookedNow, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    bookedOnDashboard = await bookedNow();
    await weeks.locator('summary').click();
    // No person's data: neither name nor codice fiscale of the enrolled citizens.
    const text = await region.locator('main').innerText();
    for (const username of ['maria.brambilla', 'giuseppe.locatelli']) {
      expect(text).not.toContain(account(demo, username).fiscalCode);
    }
    expect(text).not.toMatch(/Brambilla|Locatelli/);
    for (const heading of ['SMS', 'Fascicolo: acquisizione dei documenti', 'Stato del database', 'Certificazioni verdi emesse']) {
      await region.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    await region.waitForLoadState('networkidle');
    await expectNoSeriousA11yViolations(region);
    await docsScreenshot(region, 'dashboard');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('downloads a table as CSV', async () => {
    const [download] = await Promise.all([
      region.waitForEvent('download'),
      region.getByRole('link', { name: 'Scarica CSV: Adesioni per canale, totale' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('enrollments-by-channel.csv');
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.trim().split('\n')).toEqual(['channel,count', 'pharmacist,2']);
    // Every table offers its CSV, and every link answers with one.
    const links = await Promise.all((await region.getByRole('link', { name: /^Scarica CSV: / }).all()).map((a) => a.getAttribute('href')));
    expect(links.length).toBeGreaterThanOrEqual(12);
    for (const link of links) {
      const href = link ?? 'missing href';
      const response = await region.request.get(new URL(href, platform.baseUrl).toString());
      expect(response.status(), href).toBe(200);
      expect(response.headers()['content-type'], href).toContain('text/csv');
    }
  });

  it('shows FSE documents per hour and the SMS failovers', async () => {
    expect(await region.getByTestId('fse-per-hour').textContent()).toMatch(/^\d+ document[oi] elaborat[oi] nelle ultime 24 ore; \d+ nell'ora in corso\.$/);
    expect(await region.getByTestId('sms-failovers').textContent()).toMatch(/^\d+ passaggi? al fornitore di riserva/);
  });

  it('prints the day report with the totals', async () => {
    await region.getByRole('link', { name: 'Rapporto del giorno da stampare' }).click();
    await region.getByRole('heading', { level: 1, name: 'Rapporto del giorno' }).waitFor();
    const report = region.getByTestId('day-report');
    await report.waitFor();
    const value = (label: string) => report.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td').textContent();
    expect(await value('Adesioni: Farmacisti')).toBe('2');
    expect(await value('Adesioni in totale')).toBe('2');
    expect(await value('Appuntamenti prenotati')).toBe(String(bookedOnDashboard));
    expect(await value('Dosi somministrate')).toBe('0');
    await region.getByRole('button', { name: 'Stampa il rapporto' }).waitFor();
    // Printing hides the controls, the header and the footer.
    await region.emulateMedia({ media: 'print' });
    expect(await region.getByRole('button', { name: 'Stampa il rapporto' }).isVisible()).toBe(false);
    await region.emulateMedia({ media: 'screen' });
    await expectNoSeriousA11yViolations(region);
    await docsScreenshot(region, 'day-report');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('refuses a GP, on the page and in the API', async () => {
    const gp = await loggedIn(browser, platform, demo, '/regione/cruscotto', 'operator', 'mmg.colombo');
    opened.push(gp);
    await gp.page.getByText('Il cruscotto è riservato agli operatori della Regione.', { exact: false }).waitFor();
    expect(await gp.page.getByTestId('table-by-channel').count()).toBe(0);
    const api = await gp.page.request.get(`${platform.baseUrl}/api/dashboard?campaign=covid-over80`);
    expect(api.status()).toBe(403);
    await expectNoSeriousA11yViolations(gp.page);
    expect(takeErrors(opened)).toEqual([]);
  });
});
