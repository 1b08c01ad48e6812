// Priority scheduling in the browser (issue #8): a citizen enrolls with SPID,
// the region runs the allocation and edits capacity and supply, the citizen
// sees the appointment and moves it to the Fiera Milano hub, and the hub's
// staff check her in and record the dose; a walk-in is recorded too.
// The tests run in order: each builds on the one before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import { expectNoSeriousA11yViolations, launchBrowser, openPage, screenshot, type PageWithErrors } from './browser.ts';
import { account, demoCard, loadDemo, logInFromPrompt, signInAtProvider } from './demo.ts';
import { rebook } from '../test/helpers/appointments.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];
const hub = { code: 'HUB-MI-001', name: 'Centro vaccinale Fiera Milano City' };

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 300 }), launchBrowser()]);
  demo = await loadDemo(platform);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function open(path: string): Promise<Page> {
  const session = await openPage(browser);
  opened.push(session);
  await session.page.goto(platform.baseUrl + path);
  return session.page;
}

/** Script errors since the last call, but not the 4xx answers the browser logs for refusals. */
function takeErrors(): string[] {
  return opened
    .flatMap((session) => session.errors.splice(0))
    .filter((error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error));
}

/** A day `days` from today in Lombardy, as YYYY-MM-DD. */
function dayAhead(days: number): string {
  const rome = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return new Date(Date.parse(`${rome}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// The day Maria's first dose is moved to, at the hub.
const movedTo = dayAhead(3);

/** Puts a citizen's first dose on today: arrival and dose are recorded on the day only, and no clock moves here. */
async function theDayComes(fiscalCode: string): Promise<void> {
  if (platform.db === undefined) throw new Error('this test writes to the database: run it on the platform it starts');
  const { rows } = await platform.db.pool.query<{ id: number }>(
    `SELECT a.id FROM appointments a JOIN citizens c ON c.id = a.citizen_id
     WHERE c.fiscal_code = $1 AND a.dose_number = 1 AND a.status = 'booked'`,
    [fiscalCode],
  );
  expect(rows).toHaveLength(1);
  await rebook(platform.db, rows[0]?.id ?? 0, { day: dayAhead(0) });
}
let maria: Page;

describe('priority scheduling', () => {
  it('a citizen logged in with SPID enrolls with one click', async () => {
    maria = await open('/campagne/covid-over80');
    await maria.getByRole('link', { name: 'Accedi con SPID o CIE' }).click();
    await signInAtProvider(maria, demo, 'maria.brambilla');
    await maria.getByText("Hai effettuato l'accesso come Maria Brambilla").waitFor();
    await maria.getByRole('button', { name: 'Aderisci ora' }).click();
    const done = maria.getByTestId('enrolled');
    await done.getByRole('heading', { name: 'La tua adesione è confermata' }).waitFor();
    expect(await maria.getByTestId('no-hurry').textContent()).toContain(
      "L'ordine di adesione non decide l'ordine di vaccinazione",
    );
    await expectNoSeriousA11yViolations(maria);
    await screenshot(maria, 'spid-enrolled');
    expect(takeErrors()).toEqual([]);
  });

  it('the region runs the allocation and edits capacity and supply', async () => {
    const page = await open('/regione/capacita');
    await page.getByRole('heading', { level: 1, name: 'Capacità e forniture' }).waitFor();
    await logInFromPrompt(page, demo, 'operator', 'regione.fontana');
    await page.getByRole('button', { name: 'Assegna ora gli appuntamenti' }).click();
    const report = page.getByTestId('allocation-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Inversioni di priorità (deve essere 0)0');

    // Capacity of the hub, tomorrow, Comirnaty: up by 12 doses.
    await page.getByLabel('Centro vaccinale', { exact: true }).selectOption(hub.code);
    const tomorrow = dayAhead(1);
    const doses = page.locator(`#capacity-table-${tomorrow}-Comirnaty`);
    await page.getByRole('table', { name: `Capacità di ${hub.name}` }).waitFor();
    const before = Number(await doses.inputValue());
    await doses.fill(String(before + 12));
    await doses
      .locator('xpath=ancestor::tr')
      .getByRole('button', { name: /^Salva le dosi di/ })
      .click();
    await page
      .getByTestId('capacity-status')
      .getByText(new RegExp(`^Salvato per .*: Comirnaty ${before + 12} dosi\\.$`))
      .waitFor();
    expect(Number(await doses.inputValue())).toBe(before + 12);

    // Supply for Milano, the day after tomorrow, Spikevax.
    await page.getByLabel('Provincia (sigla)').selectOption('MI');
    const supply = page.locator(`#supply-table-${dayAhead(2)}-Spikevax`);
    await supply.waitFor();
    await supply.fill(String(Number(await supply.inputValue()) + 100));
    await supply
      .locator('xpath=ancestor::tr')
      .getByRole('button', { name: /^Salva le dosi di/ })
      .click();
    await page
      .getByTestId('supply-status')
      .getByText(/^Salvato per .*\(MI\): Spikevax [\d.]+ dosi\.$/)
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'region-capacity');
    expect(takeErrors()).toEqual([]);
  });

  it('the citizen sees her appointments and moves the first dose to the hub', async () => {
    await maria.goto(`${platform.baseUrl}/appuntamenti`);
    await maria.getByRole('heading', { level: 1, name: 'I miei appuntamenti' }).waitFor();
    const cards = maria.getByTestId('appointment');
    // The allocation has run: a first dose, and the second booked at the vaccine's interval.
    await expect
      .poll(
        async () => {
          await maria.reload();
          await maria.getByRole('heading', { level: 1 }).waitFor();
          await maria.waitForLoadState('networkidle');
          return cards.count();
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    await maria.getByRole('heading', { level: 2, name: 'Prima dose' }).waitFor();
    await expectNoSeriousA11yViolations(maria);
    await screenshot(maria, 'appointments');

    await maria.getByRole('button', { name: "Sposta l'appuntamento: Prima dose" }).click();
    await maria.getByLabel('Nuovo giorno').fill(movedTo);
    await maria.getByLabel('Centro vaccinale', { exact: true }).selectOption(hub.code);
    await expectNoSeriousA11yViolations(maria);
    await screenshot(maria, 'appointments-move');
    await maria.getByRole('button', { name: 'Conferma lo spostamento' }).click();
    await maria.getByTestId('appointments-status').getByText(`presso ${hub.name}`).waitFor();
    // The second dose moved with the first, to the same centre; each can be moved once only.
    expect(await cards.getByTestId('appointment-where').allTextContents()).toEqual([hub.name, hub.name]);
    expect(await maria.getByRole('button', { name: "Sposta l'appuntamento: Prima dose" }).count()).toBe(0);
    await screenshot(maria, 'appointments-moved');
    expect(takeErrors()).toEqual([]);
  });

  it('the hub checks her in, records the dose with its lot, and a walk-in', async () => {
    const who = account(demo, 'maria.brambilla');
    const page = await open(`/centro?giorno=${movedTo}`);
    await logInFromPrompt(page, demo, 'operator', 'vacc.ferrari');
    const row = page.getByTestId(`centre-row-${who.fiscalCode}`);
    await row.waitFor();
    // Days ahead, the row offers nothing to record (issue 16: a dose recorded on a future appointment).
    await row.getByText("Arrivo e dose si registrano il giorno dell'appuntamento.").waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    await theDayComes(who.fiscalCode);
    await page.goto(`${platform.baseUrl}/centro`);
    await row.waitFor();
    const status = page.getByTestId('centre-status');
    await row.getByRole('button', { name: 'Registra arrivo: Maria Brambilla' }).click();
    await status.getByText('Arrivo registrato: Maria Brambilla.').waitFor();
    await row.getByText('Arrivato al centro').waitFor();
    await row.getByRole('button', { name: 'Registra dose: Maria Brambilla' }).click();
    await row.getByLabel('Lotto del vaccino').fill('FF1234');
    await expectNoSeriousA11yViolations(page);
    await row.getByRole('button', { name: 'Conferma la dose' }).click();
    await status.getByText('Dose registrata per Maria Brambilla, lotto FF1234.').waitFor();
    await row.getByText('Vaccinazione eseguita').waitFor();

    // Giuseppe Locatelli comes without an appointment.
    const giuseppe = account(demo, 'giuseppe.locatelli');
    await page.locator('#walkin-fiscal-code').fill(giuseppe.fiscalCode);
    await page.locator('#walkin-card').fill(demoCard(2));
    await page.locator('#walkin-product').selectOption('Comirnaty');
    await page.locator('#walkin-lot').fill('FF1234');
    await page.getByRole('button', { name: 'Registra la vaccinazione' }).click();
    await page
      .getByTestId('walkin-status')
      .getByText(`Vaccinazione registrata: ${giuseppe.fiscalCode}, Comirnaty, lotto FF1234.`)
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'centre-day');

    // Maria sees the dose as given, and cancels her second dose: the place goes back.
    await maria.reload();
    await maria.getByTestId('appointment').first().getByText('Vaccinazione eseguita').waitFor();
    await maria.getByRole('button', { name: "Annulla l'appuntamento: Seconda dose" }).click();
    await maria.getByText('Il posto passa alla prossima persona in ordine di età.').waitFor();
    await expectNoSeriousA11yViolations(maria);
    await maria.getByRole('button', { name: "Sì, annulla l'appuntamento" }).click();
    await maria.getByTestId('appointments-status').getByText('Seconda dose: appuntamento annullato.').waitFor();
    await expect.poll(() => maria.getByTestId('appointment').count()).toBe(1);
    await screenshot(maria, 'appointments-after');
    expect(takeErrors()).toEqual([]);
  });
});
