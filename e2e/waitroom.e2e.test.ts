// The waiting room in the browser (issue #6): a citizen sent to the room by the
// enrollment page sees position, people ahead and an estimated wait, is told that
// the order of enrollment does not decide the order of vaccination, keeps the
// place across a reload, and is taken back to the form when admitted, where the
// submission now goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loginAs } from '../test/helpers/browserless-login.ts';
import { untilRoomActive } from '../test/helpers/waitroom.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import { expectNoSeriousA11yViolations, launchBrowser, openPage, screenshot, type PageWithErrors } from './browser.ts';
import { account, demoCard, loadDemo } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { docsScreenshot, takeErrors } from './session.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const sessions: PageWithErrors[] = [];
const campaign = 'covid-over80';

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 300 }), launchBrowser()]);
  demo = await loadDemo(platform);
  const region = await loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' });
  // 20 a minute: one admission every 3 s, so that the people ahead are seen leaving.
  const opened = await fetch(`${platform.baseUrl}/api/waitroom/${campaign}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: region.jar.header(), 'x-csrf-token': region.csrf },
    body: JSON.stringify({
      active: true,
      opensAt: new Date(Date.now() - 1000).toISOString(),
      admitPerMinute: 20,
      holdMinutes: 5,
    }),
  });
  expect(opened.status).toBe(200);
  // The instance sees the room within its one-second refresh.
  await untilRoomActive(platform.baseUrl, campaign);
  // Three people already in the room, ahead of the browser's citizen.
  for (let i = 0; i < 3; i++) {
    const joined = await fetch(`${platform.baseUrl}/api/waitroom/${campaign}/join`, { method: 'POST' });
    expect(joined.status).toBe(200);
  }
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.context.close()));
  await browser.close();
  await platform.close();
});

describe('the waiting room', () => {
  it('queues a citizen, keeps the place across a reload, and admits to the form', async () => {
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    const maria = account(demo, 'maria.brambilla');

    await page.goto(`${platform.baseUrl}/adesione/${campaign}`);
    await page.getByLabel('Codice fiscale', { exact: true }).fill(maria.fiscalCode);
    await page.getByLabel('Numero della tessera sanitaria', { exact: true }).fill(demoCard(1));
    await page.getByLabel('Numero di cellulare', { exact: true }).fill('333 000 0001');
    await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();

    // Refused without an admission: the browser is sent to the room.
    await page.waitForURL(/\/sala-attesa\.html\?c=covid-over80/);
    await page.getByRole('heading', { level: 1, name: "Sala d'attesa" }).waitFor();
    await page.locator('#figures').waitFor({ state: 'visible' });
    const ahead = Number(await page.locator('#ahead').textContent());
    expect(ahead).toBeGreaterThanOrEqual(0);
    expect(ahead).toBeLessThanOrEqual(3);
    expect(await page.locator('#wait').textContent()).not.toBe('–');
    expect(await page.locator('#note-order').textContent()).toContain(
      "L'ordine di adesione non decide l'ordine di vaccinazione",
    );
    const position = await page.locator('#position').textContent();
    expect(position).toMatch(/\d/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'waitroom-waiting');
    await docsScreenshot(page, 'waiting-room');

    // A reload keeps the ticket, hence the place (unless it was just admitted).
    await page.reload();
    await page.locator('#message').waitFor();
    const afterReload = await page.locator('#position').textContent();
    if (!page.url().includes('/adesione/')) expect([position, '', null]).toContain(afterReload);

    // Admitted within the rate (4 people at 20 a minute: about 12 s), then back to the form.
    await page.waitForURL(new RegExp(`/adesione/${campaign}`), { timeout: 45_000 });
    await page.getByLabel('Codice fiscale', { exact: true }).fill(maria.fiscalCode);
    await page.getByLabel('Numero della tessera sanitaria', { exact: true }).fill(demoCard(1));
    await page.getByLabel('Numero di cellulare', { exact: true }).fill('333 000 0001');
    await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();
    await page.getByTestId('reassure').getByText('Richiesta salvata: puoi anche chiudere questa pagina').waitFor();
    expect(takeErrors(sessions)).toEqual([]);
  });

  it('switches to English without losing the place', async () => {
    // Ten more people ahead (30 s at the rate), so that this one stays in line meanwhile.
    for (let i = 0; i < 10; i++) await fetch(`${platform.baseUrl}/api/waitroom/${campaign}/join`, { method: 'POST' });
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await page.goto(`${platform.baseUrl}/sala-attesa.html?c=${campaign}`);
    await page.locator('#figures').waitFor({ state: 'visible' });
    const position = await page.locator('#position').textContent();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    expect(await page.locator('#note-order').textContent()).toMatch(
      /order of enrolment does not decide the order of vaccination/i,
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const english = await page.locator('#position').textContent();
    // Same number, other words.
    expect(english?.replace(/\D/g, '')).toBe(position?.replace(/\D/g, ''));
    await expectNoSeriousA11yViolations(page);
  });
});
