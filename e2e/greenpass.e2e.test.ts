// The Green Pass in the browser (issue #10): the vaccination centre records a
// dose and the citizen downloads her certificate's QR code as a PNG, which the
// test decodes itself and verifies; a pharmacist records a rapid test and gets
// the certificate at the counter; the public verifier reads an uploaded PNG
// (green), and, after the region revokes a certificate, says red.
// The tests run in order: each builds on the one before.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { decodePng } from '../test/support/certificates/png.ts';
import { expectNoSeriousA11yViolations, launchBrowser, openPage, type PageWithErrors } from './browser.ts';
import { account, demoCard, loadDemo, logInFromPrompt } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { docsScreenshot, loggedIn, takeErrors } from './session.ts';

// jsqr is CommonJS: under Node's ESM the default import is module.exports, whose .default is the decoder.
const jsQR = jsQRModule.default;

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 100 }), launchBrowser()]);
  demo = await loadDemo(platform);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function open(pagePath: string): Promise<Page> {
  const session = await openPage(browser);
  opened.push(session);
  await session.page.goto(platform.baseUrl + pagePath);
  return session.page;
}

/** The width of an image once the browser has decoded it (0 while loading or broken). */
function loadedWidth(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { naturalWidth: number } | null } })
      .document;
    return doc.querySelector(css)?.naturalWidth ?? 0;
  }, selector);
}

/** The HC1 string in a PNG's QR code, read as a phone would (jsQR over the pixels). */
function hc1In(png: Buffer): string {
  const image = decodePng(png);
  const text = jsQR(image.data, image.width, image.height)?.data ?? '';
  expect(text).toMatch(/^HC1:/);
  return text;
}

async function verify(
  hc1: string,
): Promise<{ valid: boolean; reason: string; payload: { nam?: { fn?: string } } | null }> {
  const response = await fetch(`${platform.baseUrl}/api/dcc/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hc1, rules: 'it' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { valid: boolean; reason: string; payload: { nam?: { fn?: string } } | null };
}

const shots = path.join(tmpdir(), `salus-greenpass-${String(process.pid)}`);
const mariaPng = `${shots}-maria.png`;
const giuseppePng = `${shots}-giuseppe.png`;
let giuseppeUvci = '';

describe('green pass', () => {
  it('a dose recorded at the centre: the citizen downloads the QR, which verifies', async () => {
    const maria = account(demo, 'maria.brambilla');
    const centre = await open('/centro');
    await logInFromPrompt(centre, demo, 'operator', 'vacc.ferrari');
    // Maria's second dose (her first was given elsewhere): a complete cycle, valid in Italy at once.
    await centre.locator('#walkin-fiscal-code').fill(maria.fiscalCode);
    await centre.locator('#walkin-card').fill(demoCard(1));
    await centre.locator('#walkin-product').selectOption('Comirnaty');
    await centre.locator('#walkin-dose').selectOption('2');
    await centre.locator('#walkin-lot').fill('FF1234');
    await centre.getByRole('button', { name: 'Registra la vaccinazione' }).click();
    await centre
      .getByTestId('walkin-status')
      .getByText(`Vaccinazione registrata: ${maria.fiscalCode}, Comirnaty, lotto FF1234.`)
      .waitFor();

    const session = await loggedIn(browser, platform, demo, '/fascicolo/certificati', 'citizen', 'maria.brambilla');
    opened.push(session);
    const page = session.page;
    await page.getByRole('heading', { level: 1, name: 'Le mie certificazioni verdi' }).waitFor();
    // The certificate is issued by the job queued with the dose: seconds, not minutes.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          return page.getByTestId('certificate').count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const card = page.getByTestId('certificate');
    await card.getByRole('heading', { name: 'Vaccinazione: dose 2 di 2' }).waitFor();
    expect(await card.textContent()).toContain('Comirnaty (Pfizer-BioNTech)');
    await expect.poll(() => loadedWidth(page, 'img[data-testid="certificate-qr"]')).toBeGreaterThan(200);
    await expectNoSeriousA11yViolations(page);
    await docsScreenshot(page, 'green-pass-mine');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Scarica il QR (PNG): Vaccinazione: dose 2 di 2' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certificazione-verde-[A-Z0-9/]+\.png$/);
    const png = readFileSync(await download.path());
    writeFileSync(mariaPng, png);
    const result = await verify(hc1In(png));
    expect(result).toMatchObject({ valid: true, payload: { nam: { fn: 'Brambilla' } } });
    expect(result.reason).toMatch(/^VALID/);

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Scarica il PDF: Vaccinazione: dose 2 di 2' }).click(),
    ]);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('a rapid test at the pharmacy: the certificate is ready at the counter', async () => {
    const giuseppe = account(demo, 'giuseppe.locatelli');
    const page = await open('/farmacia/tampone');
    await logInFromPrompt(page, demo, 'operator', 'farm.galli');
    await page.getByRole('heading', { level: 1, name: 'Tampone rapido in farmacia' }).waitFor();
    await page.locator('#test-fiscal-code').fill(giuseppe.fiscalCode);
    await page.locator('#test-health-card').fill(demoCard(2));
    expect(await page.locator('#test-device').inputValue()).toBe('1232');
    await page.getByLabel('Negativo (non rilevato)').check();
    await expectNoSeriousA11yViolations(page);
    // How fast (within 5 s) is measured by `npm run bench:timings`, with its limit.
    await page.getByRole('button', { name: 'Registra il test' }).click();
    await page.getByText('Certificazione verde pronta').waitFor();
    const qr = page.getByRole('img', { name: 'Codice QR della certificazione verde del test appena registrato' });
    await expect.poll(() => loadedWidth(page, 'img.salus-dcc-qr')).toBeGreaterThan(200);
    giuseppeUvci = (await page.locator('[data-testid="rapid-recorded"] code').textContent()) ?? '';
    expect(giuseppeUvci).toMatch(/^URN:UVCI:01:IT:/);
    await expectNoSeriousA11yViolations(page);
    await docsScreenshot(page, 'green-pass-pharmacy');

    const source = (await qr.getAttribute('src')) ?? '';
    const png = Buffer.from(await (await page.request.get(new URL(source, page.url()).toString())).body());
    writeFileSync(giuseppePng, png);
    const result = await verify(hc1In(png));
    expect(result).toMatchObject({ valid: true, payload: { nam: { fn: 'Locatelli' } } });
    const printable = await page.request.get(
      new URL(
        (await page.getByRole('link', { name: 'Apri il PDF da stampare' }).getAttribute('href')) ?? '',
        page.url(),
      ).toString(),
    );
    expect(printable.headers()['content-type']).toBe('application/pdf');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the verifier page: the downloaded PNG is green; a revoked one is red', async () => {
    const page = await open('/verifica');
    await page.getByRole('heading', { level: 1, name: 'Verifica una certificazione verde' }).waitFor();
    await page.getByLabel("Scegli una foto o un'immagine del codice QR").setInputFiles(mariaPng);
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('Valida', { exact: true }).waitFor();
    expect(await page.getByTestId('verdict-name').textContent()).toBe('Maria Brambilla');
    expect(await verdict.textContent()).toContain('12 marzo 1936');
    expect(await page.getByTestId('verdict-reason').textContent()).toBe('La certificazione è valida oggi in Italia.');
    await expectNoSeriousA11yViolations(page);
    await docsScreenshot(page, 'green-pass-verifier');

    // The region revokes Giuseppe's test certificate (recorded for the wrong person, say).
    const region = await open('/regione/certificati');
    await logInFromPrompt(region, demo, 'operator', 'regione.fontana');
    await region.getByLabel('Identificativo della certificazione (UVCI)').fill(giuseppeUvci);
    await region.getByLabel('Motivo della revoca').fill('Test registrato per la persona sbagliata');
    await expectNoSeriousA11yViolations(region);
    await region.getByRole('button', { name: 'Revoca la certificazione' }).click();
    await region.getByTestId('revoke-confirm').getByRole('button', { name: 'Sì, revoca la certificazione' }).click();
    await region.getByTestId('revoke-done').getByText(`Certificazione ${giuseppeUvci} revocata.`).waitFor();

    await page.getByLabel("Scegli una foto o un'immagine del codice QR").setInputFiles(giuseppePng);
    await verdict.getByText('Non valida', { exact: true }).waitFor();
    expect(await page.getByTestId('verdict-reason').textContent()).toBe(
      "La certificazione è stata revocata da chi l'ha emessa.",
    );
    expect(await page.getByTestId('verdict-name').textContent()).toBe('Giuseppe Locatelli');
    await expectNoSeriousA11yViolations(page);
    await docsScreenshot(page, 'green-pass-verifier-revoked');
    expect(takeErrors(opened)).toEqual([]);
  });
});
