// Enrollment through the three channels, in the browser (issue #5): the
// campaign page, the citizen wizard with the code read from the simulated
// phones, the 2021 failure (a 50-minute SMS after the browser was closed,
// finished from the link with nothing retyped), a pharmacist and a GP.
// The operators get a platform of their own: the named demo citizens are few,
// and the citizen tests have enrolled some of them. Within each part the tests
// run in order (the GP meets the citizen the pharmacist enrolled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { account, demoCard, demoPhones, loadDemo, logInFromPrompt } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import {
  enrollmentCode,
  isEnrollmentCode,
  patchSimulator,
  phoneMessages,
  simulatorRunning,
  waitForSms,
} from './sms.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];
const campaign = 'covid-over80';

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform({ demoCitizens: 300 }), launchBrowser()]);
  demo = await loadDemo(platform);
  // The SMS reach the simulated phones over real SMPP: the platform must run the simulators.
  expect(await simulatorRunning(platform)).toBe(true);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function newSession(): Promise<PageWithErrors> {
  const session = await openPage(browser);
  opened.push(session);
  return session;
}

async function open(path: string, on: E2ePlatform = platform): Promise<Page> {
  const { page } = await newSession();
  await page.goto(on.baseUrl + path);
  return page;
}

/**
 * Script errors seen since the last call. The browser logs every 4xx answer
 * to fetch as a console error: here those are refusals the tests provoke on
 * purpose (and the provider's missing favicon). Server errors (5xx) still count.
 */
function takeErrors(): string[] {
  return opened
    .flatMap((session) => session.errors.splice(0))
    .filter((error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error));
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Step 1 of the wizard, for one of the demo citizens. */
async function sendData(page: Page, data: { fiscalCode: string; card: string; phone: string }): Promise<void> {
  await field(page, 'Codice fiscale').fill(data.fiscalCode);
  await field(page, 'Numero della tessera sanitaria').fill(data.card);
  await field(page, 'Numero di cellulare').fill(data.phone);
  await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();
}

describe('the campaign page', () => {
  it('shows who can enroll and when, the three ways in, and why there is no hurry', async () => {
    const page = await open(`/campagne/${campaign}`);
    await page.getByRole('heading', { level: 1, name: 'Vaccinazione anti-COVID-19 over 80' }).waitFor();
    const cohorts = page.getByTestId('cohorts');
    await cohorts.getByText('Aperto').waitFor();
    // The 75-79 group is planned: its opening date is given.
    expect(await cohorts.locator('li', { hasText: '75-79' }).textContent()).toMatch(/Apre il \d+ \w+ \d{4}/);
    for (const name of ['Online', 'Con SPID o CIE', 'Dal medico o in farmacia', "Non c'è fretta"]) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-campaign');
    await page.getByRole('link', { name: 'Aderisci online' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aderisci alla vaccinazione' }).waitFor();
    expect(takeErrors()).toEqual([]);
  });
});

describe('the citizen wizard', () => {
  it('checks the fields as they are typed, and again on the server', async () => {
    const page = await open(`/adesione/${campaign}`);
    const cf = field(page, 'Codice fiscale');
    // A wrong check character is caught at once (RSSMRA85T10A562S is right).
    await cf.fill('rssmra85t10a562t');
    await page.getByText('Questo codice fiscale non è valido').waitFor();
    expect(await cf.getAttribute('aria-invalid')).toBe('true');
    await cf.fill('rssmra85t10a562s');
    expect(await cf.getAttribute('aria-invalid')).toBe('false');
    await field(page, 'Numero di cellulare').fill('02 1234 5678');
    await page.getByText('Questo non sembra un numero di cellulare').waitFor();
    // Empty and short fields are named only when the person tries to go on, and focus goes to the first.
    await field(page, 'Numero di cellulare').fill('333 12');
    await page.getByRole('button', { name: 'Invia e ricevi il codice' }).click();
    await page.getByText('Scrivi il numero della tessera sanitaria.').waitFor();
    await page.getByText('Il numero sembra incompleto').waitFor();
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
    ).toBe('enroll-health-card');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-wizard-errors');

    // A person outside every age group (38 years old, issue 17) is told the campaign is not for her age,
    // not that her group "is not yet open".
    const anna = account(demo, 'anna.sala');
    await sendData(page, { fiscalCode: anna.fiscalCode, card: demoCard(4), phone: '333 000 0003' });
    await page.getByTestId('enroll-problem').getByText("La campagna non è per la tua fascia d'età").waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-not-eligible');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrol for vaccination' }).waitFor();
    await page.getByText('This campaign is not for your age group').waitFor();
    await screenshot(page, 'enroll-wizard-en');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aderisci alla vaccinazione' }).waitFor();

    // On a phone the form fits the screen: no sideways scrolling (WCAG 1.4.10).
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'enroll-wizard-phone');
    expect(takeErrors()).toEqual([]);
  });

  it('saves the data, reassures, and finishes with the code read on the simulated phone', async () => {
    const maria = account(demo, 'maria.brambilla');
    const { page, context } = await newSession();
    await page.goto(`${platform.baseUrl}/adesione/${campaign}`);
    await sendData(page, { fiscalCode: maria.fiscalCode.toLowerCase(), card: demoCard(1), phone: '333 000 0001' });
    const reassure = page.getByTestId('reassure');
    await reassure.getByText('Richiesta salvata: puoi anche chiudere questa pagina').waitFor();
    expect(await reassure.textContent()).toContain('+39 333 000 0001');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-reassure');

    // "Send again" sends the same code once more.
    await page.getByRole('button', { name: 'Invia di nuovo lo stesso codice' }).click();
    await page.getByTestId('resend-status').getByText('invio 2 di 5').waitFor();

    // The simulated phones page, in another tab, as a person trying Salus would use it.
    const phones = await context.newPage();
    await phones.goto(`${platform.baseUrl}/telefoni`);
    await phones.getByRole('heading', { level: 1, name: 'Telefoni simulati' }).waitFor();
    await phones.getByTestId('demo-tool-note').waitFor();
    await phones.getByRole('link', { name: /\+39 333 000 0001/ }).click({ timeout: 30_000 });
    const sms = phones.getByTestId('sms').filter({ hasText: 'codice di adesione' });
    await expect.poll(() => sms.count(), { timeout: 30_000 }).toBe(2);
    const texts = await sms.allTextContents();
    const codes = texts.map((text) => enrollmentCode(text).code);
    expect(codes[0]).toBe(codes[1]); // "resend" is the same code
    await expectNoSeriousA11yViolations(phones);
    await screenshot(phones, 'phones-inbox');
    await phones.close();

    // A wrong code is refused with what to do next; the right one confirms.
    const code = field(page, 'Codice di 6 cifre');
    await code.fill(codes[0] === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: "Conferma l'adesione" }).click();
    await page.getByTestId('code-problem').getByText('Il codice non è valido o è scaduto').waitFor();
    await code.fill(codes[0] ?? '');
    await page.getByRole('button', { name: "Conferma l'adesione" }).click();
    await page.getByRole('heading', { level: 2, name: 'La tua adesione è confermata' }).waitFor();
    const noHurry = page.getByTestId('no-hurry');
    expect(await noHurry.textContent()).toContain("L'ordine di adesione non decide l'ordine di vaccinazione");
    expect(await noHurry.textContent()).toMatch(
      /tra la settimana \d+ e la settimana \d+ da oggi, cioè indicativamente dal/,
    );
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-done');
    expect(takeErrors()).toEqual([]);
  });

  it('survives the 2021 failure: a 50-minute SMS after the browser was closed', { timeout: 180_000 }, async () => {
    const giuseppe = account(demo, 'giuseppe.locatelli');
    // Every SMS now takes 50 simulated minutes; the clock runs 300 times faster (10 s).
    const slow = { delivery: { tail: [{ p: 1, delayMs: 50 * 60_000 }] }, timeScale: 300 };
    const previous = await Promise.all([patchSimulator(platform, 'a', slow), patchSimulator(platform, 'b', slow)]);
    try {
      const first = await newSession();
      await first.page.goto(`${platform.baseUrl}/adesione/${campaign}`);
      await sendData(first.page, { fiscalCode: giuseppe.fiscalCode, card: demoCard(2), phone: '+39 333 000 0002' });
      await first.page.getByTestId('reassure').waitFor();
      expect((await phoneMessages(platform, demoPhones.giuseppe)).filter(isEnrollmentCode)).toEqual([]);
      // The citizen gives up waiting and closes the browser: the session is gone.
      await first.context.close();
      opened.splice(opened.indexOf(first), 1);

      const sms = await waitForSms(platform, demoPhones.giuseppe, isEnrollmentCode, { timeoutMs: 90_000 });
      expect(Date.parse(sms.deliveredAt) - Date.parse(sms.submittedAt)).toBeGreaterThanOrEqual(49 * 60_000);
      const { link } = enrollmentCode(sms.text);

      // Later, in a new browser, the link from the SMS finishes the enrollment.
      const later = await newSession();
      await later.page.goto(link);
      await later.page.getByRole('heading', { level: 2, name: 'La tua adesione è confermata' }).waitFor();
      expect(await later.page.getByTestId('enrolled').textContent()).toContain('online dal cittadino');
      // Nothing was retyped: the page has no field at all.
      expect(await later.page.locator('main input').count()).toBe(0);
      await expectNoSeriousA11yViolations(later.page);
      await screenshot(later.page, 'enroll-late-link');
    } finally {
      await Promise.all(
        (['a', 'b'] as const).map((p, i) =>
          patchSimulator(platform, p, { delivery: previous[i]?.delivery, timeScale: previous[i]?.timeScale }),
        ),
      );
    }
    expect(takeErrors()).toEqual([]);
  });

  it('answers a wrong code or a bad link without revealing who exists', async () => {
    const page = await open(`/riprendi?c=${campaign}`);
    await page.getByRole('heading', { level: 1, name: "Riprendi l'adesione" }).waitFor();
    await field(page, 'Codice fiscale').fill('RSSMRA85T10A562S');
    await field(page, 'Codice di 6 cifre').fill('123456');
    await page.getByRole('button', { name: "Completa l'adesione" }).click();
    await page.getByTestId('resume-problem').getByText('Il codice non è valido o è scaduto').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-resume-wrong');

    await page.goto(`${platform.baseUrl}/r/not-a-real-token-0000`);
    await page.getByTestId('resume-link-problem').getByText('Il collegamento non è valido o è scaduto').waitFor();
    await page.getByRole('link', { name: /Riprendi l'adesione/ }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'enroll-link-invalid');
    expect(takeErrors()).toEqual([]);
  });
});

describe('operators', () => {
  let fresh: E2ePlatform;
  // Each platform has its own demo password.
  let freshDemo: DemoInfo;
  beforeAll(async () => {
    fresh = await startE2ePlatform({ demoCitizens: 100 });
    freshDemo = await loadDemo(fresh);
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('a pharmacist enrolls a citizen who shows the health card', async () => {
    const ernesto = account(demo, 'ernesto.pozzi');
    const page = await open('/farmacia', fresh);
    await page.getByRole('heading', { level: 1, name: 'In farmacia: ricette e adesioni' }).waitFor();
    await logInFromPrompt(page, freshDemo, 'operator', 'farm.galli');
    await field(page, 'Codice fiscale del cittadino').fill(ernesto.fiscalCode);
    await field(page, 'Numero della tessera sanitaria').fill(demoCard(3));
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Iscrivi alla vaccinazione' }).click();
    const done = page.getByTestId('enrolled');
    await done.getByRole('heading', { name: `Adesione registrata per ${ernesto.fiscalCode}` }).waitFor();
    expect(await done.textContent()).toContain('in farmacia');
    expect(await page.getByTestId('no-hurry').textContent()).toContain('dai più anziani');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'pharmacy-enrolled');

    // One enrollment per citizen: a second attempt says when and how.
    await page.getByRole('button', { name: "Iscrivi un'altra persona" }).click();
    await field(page, 'Codice fiscale del cittadino').fill(ernesto.fiscalCode);
    await field(page, 'Numero della tessera sanitaria').fill(demoCard(3));
    await page.getByRole('button', { name: 'Iscrivi alla vaccinazione' }).click();
    const again = page.getByTestId('pharmacy-problem');
    await again.getByText('Questa persona è già iscritta alla campagna').waitFor();
    expect(await again.textContent()).toMatch(/registrata il .+, in farmacia/);
    expect(takeErrors()).toEqual([]);
  });

  it('a GP sees who is enrolled and who may enroll, and "Iscrivi" only where it can succeed', async () => {
    const page = await open('/medico', fresh);
    await logInFromPrompt(page, freshDemo, 'operator', 'mmg.colombo');
    const table = page.getByRole('table', { name: 'Elenco degli assistiti' });
    await table.waitFor();
    await page.getByText(/Puoi iscrivere i tuoi assistiti alla campagna/).waitFor();
    const row = (username: string) => page.getByTestId(`gp-standing-${account(demo, username).fiscalCode}`);
    const cell = (username: string) => page.getByTestId(`gp-enroll-${account(demo, username).fiscalCode}`);
    const buttons = (username: string) => row(username).getByRole('button').count();

    // Ernesto Pozzi was enrolled at the pharmacy: the row says when and where, with no button.
    await row('ernesto.pozzi')
      .getByText(/Iscrizione registrata il .+, in farmacia/)
      .waitFor();
    expect(await buttons('ernesto.pozzi')).toBe(0);
    // Anna Sala (38) is outside the campaign's age groups: no button either.
    await row('anna.sala').getByText("Non rientra nelle fasce d'età di questa campagna.").waitFor();
    expect(await buttons('anna.sala')).toBe(0);

    // Maria Brambilla (90) may enroll now: enrolled at once, no code.
    await row('maria.brambilla').getByText('Può aderire ora.').waitFor();
    expect(await buttons('maria.brambilla')).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'gp-enroll-answers');
    await cell('maria.brambilla').getByRole('button', { name: 'Iscrivi Maria Brambilla alla vaccinazione' }).click();
    await cell('maria.brambilla').getByText('Adesione registrata.').waitFor();
    expect(await cell('maria.brambilla').textContent()).toMatch(/Periodo stimato: settimane \d+–\d+/);

    // In English, after a reload, Maria is enrolled too and no row of the three has a button.
    await page.getByRole('button', { name: 'English' }).click();
    await page.reload();
    await row('maria.brambilla')
      .getByText(/Enrolment recorded on .+, by the GP/)
      .waitFor();
    await row('anna.sala').getByText('Not in any age group of this campaign.').waitFor();
    await row('ernesto.pozzi')
      .getByText(/Enrolment recorded on .+, at a pharmacy/)
      .waitFor();
    for (const who of ['maria.brambilla', 'ernesto.pozzi', 'anna.sala']) expect(await buttons(who), who).toBe(0);
    expect(takeErrors()).toEqual([]);
  });

  it('a pharmacist sets the SMS language the citizen asks for, and the SMS names the campaign in it', async () => {
    // Issue 17: only web enrollments had a language; the confirmation quoted the Italian name.
    const giuseppe = account(demo, 'giuseppe.locatelli');
    const page = await open('/farmacia', fresh);
    await logInFromPrompt(page, freshDemo, 'operator', 'farm.galli');
    await field(page, 'Codice fiscale del cittadino').fill(giuseppe.fiscalCode);
    await field(page, 'Numero della tessera sanitaria').fill(demoCard(2));
    await field(page, 'Lingua degli SMS al cittadino').selectOption({ label: 'Inglese' });
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Iscrivi alla vaccinazione' }).click();
    await page.getByTestId('enrolled').waitFor();

    await page.goto(`${fresh.baseUrl}/telefoni?numero=${encodeURIComponent(demoPhones.giuseppe)}`);
    const sms = page.getByTestId('sms').filter({ hasText: 'enrolment of Giuseppe L.' });
    await expect.poll(() => sms.count(), { timeout: 30_000 }).toBe(1);
    expect(await sms.textContent()).toContain('"COVID-19 vaccination for over-80s" confirmed');
    expect(takeErrors()).toEqual([]);
  });
});
