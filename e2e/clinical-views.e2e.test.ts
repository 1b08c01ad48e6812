// Clinical views from the data (issue 20 item 2): in "Il mio fascicolo" and on the GP's patient record, the
// laboratory results over time (a chart per analyte with its reference range, and a table with the same values) and
// the vaccination history from every source, in Italian and English, on a 390 px phone and on a desktop; axe finds
// nothing serious. Needs the local platform (documents are filed through records' service with their conversion).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cdaDeriver } from '../src/fse2/derive/index.ts';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import { fileCda, variantCda } from '../test/support/fse2/clinical-views.ts';
import { exampleCda } from '../test/support/fse2/national-documents.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  focusedElement,
  horizontalOverflow,
  launchBrowser,
  screenshotDir,
} from './browser.ts';
import { account, loadDemo } from './demo.ts';
import { loggedIn, takeErrors } from './session.ts';
import type { PageWithErrors } from './browser.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
let mariaCf: string;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ demoCitizens: 50 }), launchBrowser()]);
  demo = await loadDemo(platform);
  mariaCf = account(demo, 'maria.brambilla').fiscalCode;
  const national = platform.modules.records.national;
  const derive = cdaDeriver(national);
  const file = (key: string, cda: Buffer, docClass: string) =>
    fileCda(national, platform.db.kysely as never, cda, {
      fiscalCode: mariaCf,
      uniqueId: `2.16.840.1.113883.2.9.2.30.4.4^e2e-views-${key}`,
      docClass,
      derive,
    });
  // Three microalbumin results from three hospitals: in range, above it (flagged H by the lab), in range again.
  await file('lab-a', exampleCda('LAB', mariaCf), 'REF');
  const variant = (organisation: string, when: string, value: string, flag: string) =>
    variantCda('LAB', mariaCf, {
      organisation,
      replace: [
        ['20220330112426+0100', when],
        ['value="16.00" unit="mg/L"', `value="${value}" unit="mg/L"`],
        [/<interpretationCode code="N"/, `<interpretationCode code="${flag}"`],
      ],
    });
  await file('lab-b', variant('Ospedale Niguarda', '20230115090000+0100', '24.00', 'H'), 'REF');
  await file('lab-c', variant('Policlinico di Milano', '20240610090000+0200', '12.50', 'N'), 'REF');
  await file('single', exampleCda('SING_VACC', mariaCf), 'VAC');
  await file('cert', exampleCda('CERT_VACC', mariaCf), 'CER');
}, 240_000);

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

const TEXT = {
  it: { lab: 'Esami di laboratorio', vacc: 'Vaccinazioni', out: "▲ Sopra l'intervallo", analyte: 'Microalbumin' },
  en: { lab: 'Laboratory results', vacc: 'Vaccinations', out: '▲ Above range', analyte: 'Microalbumin' },
} as const;

async function expectViews(page: Page, language: 'it' | 'en', name: string): Promise<void> {
  const text = TEXT[language];
  const lab = page.locator('#esami');
  await lab.getByRole('heading', { level: 2, name: text.lab }).waitFor();
  const analyte = lab.getByTestId('lab-analyte').first();
  await analyte.getByRole('heading', { level: 3, name: new RegExp(text.analyte) }).waitFor();
  // The chart: drawn (an SVG with the line and three points), hidden from screen readers (the table says it).
  const chart = analyte.getByTestId('lab-chart');
  await chart.locator('svg .recharts-line').first().waitFor();
  expect(await chart.getAttribute('aria-hidden')).toBe('true');
  expect(await chart.locator('svg').first().isVisible()).toBe(true);
  // The table: three rows, oldest first, the high value marked by words, not colour alone.
  const table = analyte.getByTestId('lab-table');
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(3);
  const second = await rows.nth(1).locator('th, td').allTextContents();
  expect(second[1]).toMatch(/^24 mg\/L$/);
  expect(second[3]).toBe(text.out);
  expect(second[4]).toBe('Ospedale Niguarda');
  // By keyboard: the table's scroll region takes focus (it scrolls sideways on a phone), the next Tab its first link.
  await analyte.getByRole('region', { name: new RegExp(text.analyte) }).focus();
  await page.keyboard.press('Tab');
  expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'SAN RAFFAELE NOMENTANA' });
  // The vaccination history: the dose of the single vaccination and of the certificate, once, two sources.
  const vacc = page.locator('#vaccinazioni');
  await vacc.getByRole('heading', { level: 2, name: text.vacc }).waitFor();
  const history = vacc.getByTestId('vaccination-history');
  const dose = history.locator('tbody tr', { hasText: 'ARIXTRA' });
  expect(await dose.count()).toBe(1);
  expect(await dose.locator('li').count()).toBe(2);
  await expectNoSeriousA11yViolations(page);
  mkdirSync(screenshotDir, { recursive: true });
  await lab.screenshot({ path: path.join(screenshotDir, `clinical-views-${name}-${language}.png`) });
  await vacc.screenshot({ path: path.join(screenshotDir, `clinical-views-${name}-${language}-vacc.png`) });
}

describe.each([
  { who: 'citizen', width: 390 },
  { who: 'citizen', width: 1280 },
  { who: 'GP', width: 390 },
  { who: 'GP', width: 1280 },
])('clinical views: $who at $width px', ({ who, width }) => {
  it('lab chart and table, vaccination history, in Italian then English; axe passes; nothing overflows', async () => {
    const pagePath = who === 'citizen' ? '/fascicolo' : `/medico/assistiti/${mariaCf}`;
    const session =
      who === 'citizen'
        ? await loggedIn(browser, platform, demo, pagePath, 'citizen', 'maria.brambilla')
        : await loggedIn(browser, platform, demo, pagePath, 'operator', 'mmg.colombo');
    opened.push(session);
    const page = session.page;
    await page.setViewportSize({ width, height: 900 });
    await expectViews(page, 'it', `${who}-${width}`);
    if (width === 390) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang="en"]').waitFor();
    await expectViews(page, 'en', `${who}-${width}`);
    if (width === 390) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(takeErrors(opened)).toEqual([]);
  });
});
