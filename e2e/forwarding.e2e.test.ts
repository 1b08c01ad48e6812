// Forwarding to the national Gateway, as the region sees it (issue 20 items 3 and 5): the dashboard's "Inoltro
// nazionale" section with the backlog, the oldest change's wait against the 24 h SLA and the failures by cause;
// then the refused forwards page, where the region operator resends one after the national side's fix and drops
// the other with a reason. The platform runs here (its simulator's controls and database are needed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { forwardRepository } from '../src/fse2/forward/repository.ts';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import { freePort } from '../test/helpers/ports.ts';
import { publication } from '../test/support/fse2/gateway-client.ts';
import {
  expectNoSeriousA11yViolations,
  focusedElement,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { loadDemo } from './demo.ts';
import { loggedIn, takeErrors } from './session.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
let simulator: string;
const opened: PageWithErrors[] = [];
const FIXED = publication('E2E-REFUSED-FIXED');
const WRONG = publication('E2E-REFUSED-WRONG');
const poll = { timeout: 20_000, interval: 200 };

const control = (body: object) =>
  fetch(`${simulator}/sim/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const port = await freePort();
  simulator = `http://127.0.0.1:${port}`;
  [platform, browser] = await Promise.all([
    startTestPlatform({ env: { FSE2_NATIONAL_SIMULATOR_PORT: String(port) } }),
    launchBrowser(),
  ]);
  demo = await loadDemo(platform);
  await control({ refuse: [FIXED.identificativoDoc, WRONG.identificativoDoc] });
  // Two accepted publications the national side refuses (the Gateway's own path: src/fse2/forward tests).
  const repo = forwardRepository(platform.db.kysely);
  for (const body of [FIXED, WRONG]) {
    await repo.enqueue(platform.db.kysely, {
      operation: 'create',
      identificativoDoc: body.identificativoDoc,
      target: null,
      requestBody: body,
      claims: { subject_organization: 'ASST Spedali Civili di Brescia', subject_organization_id: '030' },
      file: Buffer.from('%PDF-1.4 e2e'),
      documentReferenceId: `dr-${body.identificativoDoc}`,
    });
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function rowCells(page: Page, testId: string, rowHeader: string): Promise<string[]> {
  const row = page
    .getByTestId(testId)
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: rowHeader, exact: true }) });
  return row.locator('th, td').allTextContents();
}

describe('national forwarding, for the region', () => {
  let region: Page;

  it('shows the backlog, the oldest wait against 24 h and the failures by cause on the dashboard', async () => {
    const session = await loggedIn(browser, platform, demo, '/regione/cruscotto', 'operator', 'regione.fontana');
    opened.push(session);
    region = session.page;
    await region.getByRole('heading', { level: 2, name: 'Inoltro nazionale' }).waitFor();
    // The dashboard refreshes every 5 s: the relay's refusals arrive without a reload.
    await expect
      .poll(() => rowCells(region, 'table-forwarding-causes', 'Rifiuto definitivo'), poll)
      .toEqual(['Rifiuto definitivo', '2', '2']);
    expect(await region.getByTestId('forwarding-backlog').textContent()).toBe(
      '2 modifiche in attesa di arrivare al Gateway nazionale.',
    );
    expect(await region.getByTestId('forwarding-oldest').textContent()).toMatch(
      /^La più vecchia è stata accettata il .+: attende da \d+ min su 24 h\.$/,
    );
    expect(await region.getByTestId('forwarding-sla').textContent()).toBe(
      'Nei tempi: nessuna modifica attende da più di 24 ore.',
    );
    expect(await region.getByRole('meter', { name: /^Attesa della più vecchia: \d+ min su 24 h$/ }).count()).toBe(1);
    expect(await rowCells(region, 'table-forwarding-summary', 'Rifiutate definitivamente')).toEqual([
      'Rifiutate definitivamente',
      '2',
    ]);
    // The conversion failures (ADR 0018): the demo's documents all converted.
    expect(await region.getByTestId('forwarding-conversions').textContent()).toContain('nessun errore');
    await expectNoSeriousA11yViolations(region);
    await region.setViewportSize({ width: 390, height: 844 });
    await region.getByRole('heading', { level: 2, name: 'Inoltro nazionale' }).scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(region)).toBe(0);
    await screenshot(region, 'forwarding-dashboard-390');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('lists the refusals with the national error, resends one after the fix and drops the other', async () => {
    await region.getByTestId('forwarding-refused-link').click();
    await region.getByRole('heading', { level: 1, name: 'Inoltri rifiutati dal livello nazionale' }).waitFor();
    const cards = region.getByTestId('refusal');
    await expect.poll(() => cards.count(), poll).toBe(2);
    const fixed = cards.filter({ hasText: FIXED.identificativoDoc });
    const text = await fixed.innerText();
    for (const expected of [
      'REF',
      'Pubblicazione',
      'ASST Spedali Civili di Brescia',
      'HTTP 400 /msg/mandatory-element',
      'Campo obbligatorio mancante',
      `Documento ${FIXED.identificativoDoc} rifiutato`,
    ])
      expect(text).toContain(expected);
    expect(await horizontalOverflow(region)).toBe(0);
    await expectNoSeriousA11yViolations(region);
    await screenshot(region, 'refused-forwards-390');

    await control({ accept: [FIXED.identificativoDoc] }); // the national side's fix
    await fixed.getByRole('button', { name: 'Reinvia' }).click();
    await expect
      .poll(() => region.getByTestId('refusal-done').textContent(), poll)
      .toBe(`Documento ${FIXED.identificativoDoc} rimesso in coda per l'invio.`);
    await expect.poll(() => cards.count(), poll).toBe(1);

    const wrong = cards.filter({ hasText: WRONG.identificativoDoc });
    await wrong.getByRole('button', { name: 'Scarta' }).click();
    // No reason: said next to the field, which gets the focus; nothing is sent.
    await wrong.getByText('Indica il motivo dello scarto.').waitFor();
    const reason = wrong.getByRole('textbox', { name: 'Motivo dello scarto' });
    expect((await focusedElement(region)).id).toBe(await reason.getAttribute('id'));
    await reason.fill('Inviato per errore dalla struttura');
    await wrong.getByRole('button', { name: 'Scarta' }).click();
    await expect
      .poll(() => region.getByTestId('refusal-done').textContent(), poll)
      .toBe(`Documento ${WRONG.identificativoDoc} scartato: Inviato per errore dalla struttura`);
    await region.getByTestId('refusals-none').waitFor();
    await expectNoSeriousA11yViolations(region);
    await screenshot(region, 'refused-forwards-done-390');

    // The resent one reached the national side; the dashboard's backlog is empty again.
    await region.goto(`${platform.baseUrl}/regione/cruscotto`);
    await expect
      .poll(() => region.getByTestId('forwarding-backlog').textContent(), poll)
      .toBe('0 modifiche in attesa di arrivare al Gateway nazionale.');
    const stats = (await (await fetch(`${simulator}/sim/stats`)).json()) as { documents: number };
    expect(stats.documents).toBe(1);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('refuses a GP, on the page and in the API', async () => {
    const gp = await loggedIn(browser, platform, demo, '/regione/inoltri-rifiutati', 'operator', 'mmg.colombo');
    opened.push(gp);
    await gp.page.getByText('Questa pagina è riservata agli operatori della Regione.').waitFor();
    const api = await gp.page.request.get(`${platform.baseUrl}/api/region/fse2/refused-forwards`);
    expect(api.status()).toBe(403);
    await expectNoSeriousA11yViolations(gp.page);
    expect(takeErrors(opened)).toEqual([]);
  });
});
