// The recovery Green Pass in the browser, and the retrieval without SPID: the GP
// records a patient's recovery on the record page ("Registra guarigione"), the
// citizen finds the recovery certificate in /fascicolo/certificati, and someone
// without a login opens it on /certificato with the code from the SMS (read
// from the simulated phone); the QR in the PNG decodes and verifies.
// The tests run in order: each builds on the one before.
import jsQRModule from 'jsqr';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { addDays } from '../src/certificates/recovery-dates.ts';
import { decodePng } from '../test/support/certificates/png.ts';
import { expectNoSeriousA11yViolations, launchBrowser, openPage, type PageWithErrors } from './browser.ts';
import { account, demoCard, demoPhones, loadDemo } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { docsScreenshot, loggedIn, takeErrors } from './session.ts';
import { simulatorRunning, waitForSms } from './sms.ts';

// jsqr is CommonJS: under Node's ESM the default import is module.exports, whose .default is the decoder.
const jsQR = jsQRModule.default;

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 100 }), launchBrowser()]);
  demo = await loadDemo(platform);
  expect(await simulatorRunning(platform)).toBe(true);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

// Calendar days from today in Italy (not 24-hour steps: a DST change would shift them).
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
const romeDay = (offsetDays: number): string => addDays(today, offsetDays);
const italianDate = (day: string): string =>
  new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

async function verify(
  hc1: string,
): Promise<{ valid: boolean; reason: string; payload: { r?: { fr: string; df: string; du: string }[] } | null }> {
  const response = await fetch(`${platform.baseUrl}/api/dcc/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hc1, rules: 'it' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    valid: boolean;
    reason: string;
    payload: { r?: { fr: string; df: string; du: string }[] } | null;
  };
}

function hc1In(png: Buffer): string {
  const image = decodePng(png);
  const text = jsQR(image.data, image.width, image.height)?.data ?? '';
  expect(text).toMatch(/^HC1:/);
  return text;
}

// Twenty days ago: valid from day 11, so the certificate is valid today.
const fr = romeDay(-20);

describe('recovery green pass', () => {
  it('the GP records a recovery on the patient record page, with clear errors first', async () => {
    const anna = account(demo, 'anna.sala');
    const session = await loggedIn(
      browser,
      platform,
      demo,
      `/medico/assistiti/${anna.fiscalCode}`,
      'operator',
      'mmg.colombo',
    );
    opened.push(session);
    const page = session.page;
    const form = page.getByTestId('recovery-form');
    await form.getByRole('heading', { name: 'Registra guarigione' }).waitFor();
    const date = form.getByLabel('Data del primo test positivo');

    await form.getByRole('button', { name: 'Registra la guarigione' }).click();
    await form.getByText('Scrivi la data del primo test positivo.').waitFor();
    await date.fill(romeDay(2));
    await form.getByText('La data del primo test positivo non può essere nel futuro.').waitFor();
    await date.fill(romeDay(-200));
    await form
      .getByText('Sono passati più di 180 giorni dal primo test positivo: la certificazione sarebbe già scaduta.')
      .waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousA11yViolations(page);

    await date.fill(fr);
    await form.getByRole('button', { name: 'Registra la guarigione' }).click();
    const recorded = page.getByTestId('recovery-recorded');
    await recorded.waitFor();
    expect(await recorded.textContent()).toBe(
      `Guarigione registrata. Certificazione verde di Anna Sala valida dal ${italianDate(romeDay(-9))} ` +
        `al ${italianDate(romeDay(160))}: la trova nel fascicolo e riceve un SMS con il codice.`,
    );
    await expectNoSeriousA11yViolations(page);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the citizen sees the recovery certificate in the fascicolo', async () => {
    const session = await loggedIn(browser, platform, demo, '/fascicolo/certificati', 'citizen', 'anna.sala');
    opened.push(session);
    const card = session.page.getByTestId('certificate');
    await card.getByRole('heading', { name: 'Guarigione' }).waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`Valida dal${italianDate(romeDay(-9))}`);
    expect(text).toContain('Anna Sala');
    expect(takeErrors(opened)).toEqual([]);
  });

  const outcome = 'the PNG verifies, and a wrong code says nothing more';
  it(`without a login, the SMS code opens it on /certificato: ${outcome}`, async () => {
    const anna = account(demo, 'anna.sala');
    const sms = await waitForSms(platform, demoPhones.anna, (m) => m.text.includes('(guarigione)'), {
      timeoutMs: 60_000,
    });
    const code = /Codice ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(sms.text)?.[1] ?? '';
    expect(sms.text).toContain('/certificato');

    // From the home page's Green Pass card, as someone without SPID would arrive.
    const session = await openPage(browser);
    opened.push(session);
    const page = session.page;
    await page.goto(`${platform.baseUrl}/`);
    await page.getByRole('link', { name: 'Scarica la certificazione verde con il codice ricevuto via SMS' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scarica la certificazione verde' }).waitFor();
    await page.getByLabel('Codice fiscale').fill(anna.fiscalCode);
    await page.getByLabel('Numero della tessera sanitaria').fill(demoCard(4));
    await page.getByLabel('Codice ricevuto via SMS').fill('ABCDE-12345');
    await page.getByRole('button', { name: 'Scarica la certificazione' }).click();
    expect(await page.getByTestId('retrieve-problem').textContent()).toBe(
      'Nessuna certificazione in corso di validità corrisponde a questi dati. ' +
        "Controlla il codice fiscale, il numero della tessera sanitaria e il codice dell'SMS.",
    );
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('Codice ricevuto via SMS').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Scarica la certificazione' }).click();
    const card = page.getByTestId('certificate');
    await card.getByRole('heading', { name: 'Guarigione' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await docsScreenshot(page, 'green-pass-retrieval');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Scarica il QR (PNG): Guarigione' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certificazione-verde-[A-Z0-9/]+\.png$/);
    const result = await verify(hc1In(readFileSync(await download.path())));
    expect(result).toMatchObject({ valid: true, payload: { r: [{ fr, df: romeDay(-9), du: romeDay(160) }] } });
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Scarica il PDF: Guarigione' }).click(),
    ]);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(takeErrors(opened)).toEqual([]);
  });
});
