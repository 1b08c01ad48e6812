// The region's live dashboard (issue #11): known data is seeded through the
// API (a pharmacist enrolls two demo citizens, the region runs the allocation),
// then the dashboard, its CSV export and the day report must show exactly those
// figures, with small counts suppressed; a GP is refused. Issue 17: the page
// showed 3, 1 and 1 where it promised "< 5", and codes (t, LDO) for names.
import { randomUUID } from 'node:crypto';
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
/** How the page shows a withheld count. */
const withheld = 'riservato';

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform(), launchBrowser()]);
  demo = await loadDemo(platform);

  // Seed: the pharmacist enrolls Maria and Giuseppe with their health cards.
  const pharmacist = await loggedIn(browser, platform, demo, '/farmacia', 'operator', 'farm.galli');
  opened.push(pharmacist);
  for (const [username, card] of [
    ['maria.brambilla', demoCard(1)],
    ['giuseppe.locatelli', demoCard(2)],
  ] as const) {
    await apiSend(pharmacist.page, 'POST', '/api/campaigns/covid-over80/enrollments', {
      fiscalCode: account(demo, username).fiscalCode,
      healthCardNumber: card,
    });
  }
  // A rapid test: one Green Pass of type "t", which the page must name.
  await apiSend(pharmacist.page, 'POST', '/api/pharmacy/rapid-tests', {
    fiscalCode: account(demo, 'giuseppe.locatelli').fiscalCode,
    healthCardNumber: demoCard(2),
    device: '1232',
    result: 'negative',
    requestKey: randomUUID(),
  });
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

/** The body cells (not the row headers) of a table, as text. */
async function countCells(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).locator('tbody td').allTextContents();
}

/** The cells of a table row whose header is `rowHeader`. */
async function rowCells(page: Page, testId: string, rowHeader: string): Promise<string[]> {
  const row = page
    .getByTestId(testId)
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: rowHeader, exact: true }) });
  return row.locator('th, td').allTextContents();
}

describe('region dashboard', () => {
  it('shows the seeded enrollments by channel, live, with small counts suppressed', async () => {
    await region.getByRole('heading', { level: 1, name: 'Cruscotto regionale' }).waitFor();
    // Refreshes every 5 s: the figures arrive without a reload.
    // Two enrollments: withheld, in the table and in the total (issue 17: the table showed "2").
    await expect
      .poll(() => rowCells(region, 'table-by-channel', 'Farmacisti'), { timeout: 15_000 })
      .toEqual(['Farmacisti', withheld]);
    expect(await region.getByTestId('enrollments-total').textContent()).toBe(`Adesioni in totale: ${withheld}`);
    // Two enrollments over the cohorts: every cohort count is below 5, so none is shown as a number.
    const cohorts = await region.getByTestId('table-cohorts').locator('tbody').textContent();
    expect(cohorts).toContain(withheld);
    expect(cohorts).not.toMatch(/\b[1-4]\b(?! )/);
    // The allocation booked appointments, and they show against capacity.
    // (Each citizen has a first dose, and a second one at the vaccine's interval.)
    // The long table starts folded; the page may still show the figures from before the allocation.
    const weeks = region.getByTestId('table-province-week');
    await weeks.locator('summary').click();
    // Four appointments: withheld too, never a number from 1 to 4.
    const booked = () => weeks.locator('tbody tr td:nth-child(3)').allTextContents();
    await expect.poll(async () => (await booked()).includes(withheld), { timeout: 15_000 }).toBe(true);
    for (const cell of await booked())
      expect(cell).toMatch(new RegExp(`^(0|${withheld}|\\d*[5-9]|\\d{2,}|\\d{1,3}(\\.\\d{3})+)$`));
    await weeks.locator('summary').click();
    // No table of people's counts shows a number from 1 to 4 (the issue saw 3, 1 and 1).
    for (const table of [
      'table-by-channel',
      'table-cohorts',
      'table-provinces',
      'table-doses',
      'table-certificates',
      'table-fse-classes',
    ]) {
      for (const cell of await countCells(region, table)) expect(cell, table).not.toMatch(/^[1-4]$/);
    }
    // Names, not codes: the rapid test's Green Pass is a "Test", the FSE's CER is a "Certificato".
    await expect
      .poll(() => rowCells(region, 'table-certificates', 'Test'), { timeout: 15_000 })
      .toEqual(['Test', withheld]);
    const classes = await region.getByTestId('table-fse-classes').locator('tbody th').allTextContents();
    expect(classes.length).toBeGreaterThan(0);
    for (const name of classes) expect(name).not.toMatch(/^[A-Z]{3}$/);
    expect(classes).toContain('Certificato'); // CER
    const certificateNames = await region.getByTestId('table-certificates').locator('tbody th').allTextContents();
    for (const name of certificateNames) expect(['Vaccinazione', 'Test', 'Guarigione']).toContain(name);
    // Bookings have their own axis, so they are not flattened against capacity.
    await region.getByText('Prenotati (asse a destra)').first().waitFor();
    // No person's data: neither name nor codice fiscale of the enrolled citizens.
    const text = await region.locator('main').innerText();
    for (const username of ['maria.brambilla', 'giuseppe.locatelli']) {
      expect(text).not.toContain(account(demo, username).fiscalCode);
    }
    expect(text).not.toMatch(/Brambilla|Locatelli/);
    for (const heading of [
      'SMS',
      'Fascicolo: acquisizione dei documenti',
      'Stato del database',
      'Certificazioni verdi emesse',
    ]) {
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
    expect(csv.trim().split('\n')).toEqual(['channel,count', 'pharmacist,']); // 2, withheld
    // Every table offers its CSV, and every link answers with one.
    const links = await Promise.all(
      (await region.getByRole('link', { name: /^Scarica CSV: / }).all()).map((a) => a.getAttribute('href')),
    );
    expect(links.length).toBeGreaterThanOrEqual(12);
    for (const link of links) {
      const href = link ?? 'missing href';
      const response = await region.request.get(new URL(href, platform.baseUrl).toString());
      expect(response.status(), href).toBe(200);
      expect(response.headers()['content-type'], href).toContain('text/csv');
    }
  });

  it('shows FSE documents per hour and the SMS failovers', async () => {
    expect(await region.getByTestId('fse-per-hour').textContent()).toMatch(
      /^\d+ document[oi] elaborat[oi] nelle ultime 24 ore; \d+ nell'ora in corso\.$/,
    );
    expect(await region.getByTestId('sms-failovers').textContent()).toMatch(/^\d+ passaggi? al fornitore di riserva/);
  });

  it('prints the day report with the totals', async () => {
    await region.getByRole('link', { name: 'Rapporto del giorno da stampare' }).click();
    await region.getByRole('heading', { level: 1, name: 'Rapporto del giorno' }).waitFor();
    const report = region.getByTestId('day-report');
    await report.waitFor();
    const value = (label: string) =>
      report
        .getByRole('row', { name: new RegExp(`^${label}`) })
        .locator('td')
        .textContent();
    // The day report withholds the same small counts as the page (issue 17).
    expect(await value('Adesioni: Farmacisti')).toBe(withheld);
    expect(await value('Adesioni in totale')).toBe(withheld);
    expect(await value('Appuntamenti prenotati')).toBe(withheld);
    expect(await value('Dosi somministrate')).toBe('0');
    expect(await value('Certificazioni verdi emesse')).toBe(withheld);
    for (const cell of await report.locator('td').allTextContents()) expect(cell).not.toMatch(/^[1-4]$/);
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
