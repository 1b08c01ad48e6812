// The demo has lab results (issue 20 item 2 on a fresh demo): a platform started as `npm start` starts it files the
// demo's laboratory reports, so Maria Brambilla's "Il mio fascicolo" and her GP's patient record show the lab
// section with a chart and a table per analyte: four analytes from two facilities over three years, haemoglobin
// reported in g/dL by one and g/L by the other on one axis, values out of range marked in words. Axe passes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import { expectNoSeriousA11yViolations, launchBrowser, screenshotDir, type PageWithErrors } from './browser.ts';
import { account, loadDemo } from './demo.ts';
import { loggedIn, takeErrors } from './session.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  // The test helper turns the lab reports off for every other test (they count documents from zero): on here.
  [platform, browser] = await Promise.all([
    startTestPlatform({ demoCitizens: 50, env: { SALUS_DEMO_LAB_REPORTS: 'true' } }),
    launchBrowser(),
  ]);
  demo = await loadDemo(platform);
}, 240_000);

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

const NIGUARDA = 'Ospedale Niguarda Ca Granda - Laboratorio Analisi';
const BERGAMO = 'Laboratorio Analisi Bergamo';

async function expectLabSection(page: Page, name: string): Promise<void> {
  const lab = page.locator('#esami');
  await lab.getByRole('heading', { level: 2, name: 'Esami di laboratorio' }).waitFor();
  const analytes = lab.getByTestId('lab-analyte');
  await analytes.first().waitFor();
  expect(await analytes.locator('h3').allTextContents()).toEqual([
    expect.stringMatching(/^Colesterolo totale/),
    expect.stringMatching(/^Creatinina/),
    expect.stringMatching(/^Emoglobina/),
    expect.stringMatching(/^Glucosio/),
  ]);
  const haemoglobin = analytes.filter({ has: page.getByRole('heading', { level: 3, name: /^Emoglobina/ }) });
  // The chart is drawn: a line through the four reports.
  await haemoglobin.getByTestId('lab-chart').locator('svg .recharts-line').first().waitFor();
  const rows = haemoglobin.getByTestId('lab-table').locator('tbody tr');
  expect(await rows.count()).toBe(4);
  const cells = async (i: number) => (await rows.nth(i).locator('th, td').allTextContents()).map((c) => c.trim());
  // Niguarda's g/dL shown as reported and on Bergamo's g/L axis; the low value marked by words.
  const [first, second, third, fourth] = [await cells(0), await cells(1), await cells(2), await cells(3)];
  expect(first.slice(1)).toEqual(['12,6 g/dL (126 g/L)', '120–160', 'Nella norma', NIGUARDA]);
  expect(second.slice(1)).toEqual(['118 g/L', '120–160', "▼ Sotto l'intervallo", BERGAMO]);
  expect(third.slice(1, 2)).toEqual(['11,4 g/dL (114 g/L)']);
  expect(third[3]).toBe("▼ Sotto l'intervallo");
  expect(fourth.slice(1, 2)).toEqual(['124 g/L']);
  // Glucose above range in the two middle reports.
  const glucose = analytes.filter({ has: page.getByRole('heading', { level: 3, name: /^Glucosio/ }) });
  const flags = await glucose.getByTestId('lab-table').locator('tbody tr td:nth-of-type(3)').allTextContents();
  expect(flags.map((f) => f.trim())).toEqual([
    'Nella norma',
    "▲ Sopra l'intervallo",
    "▲ Sopra l'intervallo",
    'Nella norma',
  ]);
  await expectNoSeriousA11yViolations(page);
  mkdirSync(screenshotDir, { recursive: true });
  await lab.screenshot({ path: path.join(screenshotDir, `lab-demo-${name}.png`) });
}

describe('the demo has lab results', () => {
  it('Maria sees hers in "Il mio fascicolo", her GP on her record', async () => {
    const mariaCf = account(demo, 'maria.brambilla').fiscalCode;
    const citizen = await loggedIn(browser, platform, demo, '/fascicolo', 'citizen', 'maria.brambilla');
    opened.push(citizen);
    await citizen.page.setViewportSize({ width: 1280, height: 900 });
    await expectLabSection(citizen.page, 'citizen');
    const gp = await loggedIn(browser, platform, demo, `/medico/assistiti/${mariaCf}`, 'operator', 'mmg.colombo');
    opened.push(gp);
    await gp.page.setViewportSize({ width: 1280, height: 900 });
    await expectLabSection(gp.page, 'gp');
    expect(takeErrors(opened)).toEqual([]);
  });
});
