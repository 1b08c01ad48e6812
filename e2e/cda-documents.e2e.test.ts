// People see documents, never XML (issue 19 item 6): one national example CDA2 of each type, filed in Maria's
// record as the national Gateway files it, opens as a readable page for her (and the lab report for her GP): the
// header, the sections, the laboratory results as a table, the PDF; axe finds nothing serious; the page has the
// Content-Security-Policy and fits a 390 px phone. Needs the local platform (it files through records' service).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import { EXAMPLE_TYPES, fileExample, type ExampleType } from '../test/support/fse2/national-documents.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  horizontalOverflow,
  launchBrowser,
  openPage,
  type PageWithErrors,
} from './browser.ts';
import { account, loadDemo } from './demo.ts';
import { loggedIn, takeErrors } from './session.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
let mariaCf: string;
const opened: PageWithErrors[] = [];
const ids = {} as Record<ExampleType, string>;

/** What each example's header says (esempi/CDA): title (LDO has none: its type's name), author, organisation. */
const HEADERS: Record<ExampleType, { title: string; author: string; organisation: string }> = {
  LAB: { title: 'REFERTO DI LABORATORIO', author: 'Dr Matteo Test', organisation: 'SAN RAFFAELE NOMENTANA' },
  RSA: { title: 'Referto di Specialistica Ambulatoriale', author: 'Dott. Matteo Test', organisation: 'XXX' },
  LDO: { title: 'Lettera di dimissione ospedaliera', author: 'Dott. Matteo Cervone', organisation: 'ASL Roma1' },
  PSS: { title: 'Profilo Sanitario Sintetico', author: 'Dott. Matteo Prova', organisation: 'XXX' },
  RAD: { title: 'REFERTO RADIOLOGICO', author: 'Matteo Test', organisation: 'SAN RAFFAELE NOMENTANA' },
  RAP: {
    title: 'Referto di anatomia patologica',
    author: 'Dott. Matteo Prova',
    organisation: 'SAN RAFFAELE NOMENTANA',
  },
  CERT_VACC: { title: 'Certificato Vaccinale', author: 'Matteo Prova', organisation: 'SAN RAFFAELE NOMENTANA' },
  SING_VACC: { title: 'Scheda della singola Vaccinazione', author: 'Matteo Prova', organisation: 'XXX' },
  VPS: { title: 'VERBALE DI PRONTO SOCCORSO', author: 'Dott. Matteo Prova', organisation: 'XXX' },
};

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ demoCitizens: 50 }), launchBrowser()]);
  demo = await loadDemo(platform);
  mariaCf = account(demo, 'maria.brambilla').fiscalCode;
  for (const type of EXAMPLE_TYPES) {
    // The lab report dated now: first in the lists, before the demo documents.
    const date = type === 'LAB' ? { date: new Date().toISOString() } : {};
    ids[type] = await fileExample(platform.modules.records.national, platform.db.kysely as never, type, mariaCf, date);
  }
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function logIn(path: string, as: 'citizen' | 'operator', username: string): Promise<Page> {
  const session = await loggedIn(browser, platform, demo, path, as, username);
  opened.push(session);
  return session.page;
}

/** The header's value under a label ("Autore"). */
const headerValue = (page: Page, label: string) =>
  page
    .getByTestId('cda-header')
    .locator('div', { has: page.locator('dt', { hasText: label }) })
    .locator('dd');

async function expectLabTable(page: Page): Promise<void> {
  const table = page.getByTestId('cda-results').first();
  await table.waitFor();
  const headers = await table.locator('thead th').allTextContents();
  expect(headers).toEqual(['Esame', 'Risultato', 'Unità di misura', 'Valori di riferimento', 'Esito']);
  expect(await table.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([
    'Microalbumin Massa/Volume in Urine',
    '16.00',
    'mg/L',
    '0.00 – 20.00 mg/L',
    'Nella norma',
  ]);
}

describe('CDA2 documents as pages', () => {
  it('the citizen opens a lab report from her list: header, results table, the PDF, the CSP', async () => {
    const maria = await logIn('/fascicolo', 'citizen', 'maria.brambilla');
    await maria.getByRole('link', { name: `Leggi ${HEADERS.LAB.title}` }).click();
    await maria.getByRole('heading', { level: 1, name: HEADERS.LAB.title }).waitFor();
    expect(new URL(maria.url()).pathname).toBe(`/fascicolo/documenti/${ids.LAB}`);
    // The document's title is the page's one h1 (the fallback heading is for visitors who cannot see it).
    expect(await maria.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await headerValue(maria, 'Paziente').textContent()).toBe(`Giuseppe Test · ${mariaCf}`);
    expect(await headerValue(maria, 'Autore').textContent()).toBe(HEADERS.LAB.author);
    expect(await headerValue(maria, 'Struttura').textContent()).toBe(HEADERS.LAB.organisation);
    await expectLabTable(maria);
    const pdf = maria.getByRole('link', { name: 'Apri il PDF' });
    expect(await pdf.getAttribute('href')).toBe(`/api/records/documents/${ids.LAB}/content`);
    const response = await maria.request.get(new URL(`/fascicolo/documenti/${ids.LAB}`, platform.baseUrl).toString());
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    await expectNoSeriousA11yViolations(maria);
    expect(takeErrors(opened)).toEqual([]);
  });

  it.each(EXAMPLE_TYPES)('%s opens as a readable page with its sections, and axe passes', async (type) => {
    const maria = opened[0]?.page;
    if (maria === undefined) throw new Error('the first test logs Maria in');
    await maria.goto(`${platform.baseUrl}/fascicolo/documenti/${ids[type]}`);
    await maria.getByRole('heading', { level: 1, name: HEADERS[type].title }).waitFor();
    expect(await headerValue(maria, 'Autore').textContent()).toBe(HEADERS[type].author);
    expect(await headerValue(maria, 'Struttura').textContent()).toBe(HEADERS[type].organisation);
    expect(await headerValue(maria, 'Data del documento').textContent()).toMatch(/\d{4}/);
    expect(await maria.getByTestId('cda-section').count()).toBeGreaterThan(0);
    // Narrative is text and a few elements: never a link, image, script, frame or object from the document.
    expect(await maria.locator('.salus-narrative').locator('a, img, script, iframe, object, embed').count()).toBe(0);
    expect(await maria.locator('.salus-narrative').count()).toBeGreaterThan(0);
    if (type === 'LAB') await expectLabTable(maria);
    await expectNoSeriousA11yViolations(maria);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('fits a 390 px phone (the longest example, the emergency report)', async () => {
    const maria = opened[0]?.page;
    if (maria === undefined) throw new Error('the first test logs Maria in');
    await maria.setViewportSize({ width: 390, height: 844 });
    await maria.goto(`${platform.baseUrl}/fascicolo/documenti/${ids.VPS}`);
    await maria.getByRole('heading', { level: 1, name: HEADERS.VPS.title }).waitFor();
    expect(await horizontalOverflow(maria)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(maria);
  });

  it("the GP opens the lab report from the patient's record", async () => {
    const gp = await logIn(`/medico/assistiti/${mariaCf}`, 'operator', 'mmg.colombo');
    await gp.getByRole('link', { name: `Leggi ${HEADERS.LAB.title}` }).click();
    await gp.getByRole('heading', { level: 1, name: HEADERS.LAB.title }).waitFor();
    expect(new URL(gp.url()).pathname).toBe(`/medico/assistiti/${mariaCf}/documenti/${ids.LAB}`);
    expect(await headerValue(gp, 'Autore').textContent()).toBe(HEADERS.LAB.author);
    await expectLabTable(gp);
    await expectNoSeriousA11yViolations(gp);
    expect(takeErrors(opened)).toEqual([]);
  });

  it.each(['citizen', 'GP'])(
    'an anonymous visitor of the %s document page sees its heading and the way in',
    async (who) => {
      const visitor = await openPage(browser);
      opened.push(visitor);
      const path =
        who === 'citizen' ? `/fascicolo/documenti/${ids.LAB}` : `/medico/assistiti/${mariaCf}/documenti/${ids.LAB}`;
      await visitor.page.goto(`${platform.baseUrl}${path}`);
      await visitor.page.getByText('Accedi per continuare').waitFor();
      expect(await visitor.page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Documento']);
      const login = visitor.page.getByRole('link', {
        name: who === 'citizen' ? 'Accedi come cittadino' : 'Accedi come operatore',
      });
      expect(await login.getAttribute('href')).toContain(`returnTo=${encodeURIComponent(path)}`);
      // Nothing of the document reaches someone not logged in.
      expect(await visitor.page.getByTestId('cda-document').count()).toBe(0);
      await expectNoSeriousA11yViolations(visitor.page);
      expect(takeErrors(opened)).toEqual([]);
    },
  );
});
