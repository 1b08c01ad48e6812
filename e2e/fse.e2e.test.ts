// The electronic health record (FSE, issue #9) in the browser: Maria reads her
// record and opens a report, her GP reads it and writes a prescription and an
// exemption, Maria hides a document and the GP no longer sees it (nor counts
// it), Maria sees the GP's accesses in her log, withdrawing consent shuts the GP
// out, the pharmacist dispenses the GP's prescription, and a delegate reads
// Maria's record. The tests run in order: each builds on the one before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  focusedElement,
  launchBrowser,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { account, demoCard, loadDemo } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import { apiSend, docsScreenshot, loggedIn, takeErrors } from './session.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];
let maria: Page;
let gp: Page;
let mariaCf: string;
let nre: string;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform(), launchBrowser()]);
  demo = await loadDemo(platform);
  mariaCf = account(demo, 'maria.brambilla').fiscalCode;
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

/** The text of the documents' count line once loaded, e.g. "5 documenti". */
async function documentCount(page: Page): Promise<string> {
  const count = page.getByTestId('document-count');
  await count.filter({ hasText: /\d/ }).waitFor();
  return (await count.textContent()) ?? '';
}

const ldo = 'Lettera di dimissione: Cardiologia';

describe('the electronic health record', () => {
  const parts = 'documents by class and date, the PDF viewer, prescriptions, exemptions';
  it(`the citizen reads her record: ${parts}`, async () => {
    maria = await logIn('/fascicolo', 'citizen', 'maria.brambilla');
    await maria.getByRole('heading', { level: 1, name: 'Il mio fascicolo' }).waitFor();
    // Two lab reports, a discharge letter, an exemption and an emergency report hidden from the start (labelled V).
    expect(await documentCount(maria)).toBe('5 documenti');
    const rows = maria.getByTestId('document-row');
    expect(await rows.filter({ hasText: 'Verbale di pronto soccorso' }).getByText('Oscurato').count()).toBe(1);

    // The viewer's frame itself loads the PDF, served inline with its content type.
    const loaded = maria.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/content'));
    await maria.getByRole('button', { name: `Apri ${ldo}` }).click();
    const viewer = maria.getByTestId('document-viewer');
    await viewer.getByRole('heading', { name: ldo }).waitFor();
    const pdf = await loaded;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/^inline; filename=".*\.pdf"$/);
    const src = (await viewer.locator('iframe').getAttribute('src')) ?? '';
    expect(pdf.url()).toBe(new URL(src, platform.baseUrl).toString());
    // The browser hands the frame's body to its PDF viewer, so the bytes are read again.
    expect((await (await maria.request.get(pdf.url())).body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The screenshot waits for the frame holding the PDF to have loaded, not for a fixed time.
    const pdfFrame = await (await viewer.locator('iframe').elementHandle()).contentFrame();
    if (pdfFrame === null) throw new Error('the document viewer has no frame');
    await pdfFrame.waitForLoadState('load');
    await screenshot(maria, 'fascicolo-viewer');
    const download = await viewer.getByRole('link', { name: 'Scarica' }).getAttribute('href');
    expect(download).toBe(`${src}?download=true`);

    await maria.getByLabel('Tipo di documento').selectOption('REF');
    await maria.getByRole('button', { name: 'Filtra', exact: true }).click();
    await maria.getByTestId('document-count').getByText('2 documenti').waitFor();

    const prescriptions = maria.getByTestId('prescription-row');
    await prescriptions.first().waitFor();
    expect(await prescriptions.filter({ hasText: 'Ramipril 5 mg compresse' }).textContent()).toContain('Da ritirare');
    expect(await prescriptions.filter({ hasText: 'Furosemide 25 mg compresse' }).textContent()).toContain(
      'Farmacia Centrale di Milano',
    );
    expect(await maria.getByTestId('exemption-row').textContent()).toContain('E01');
    await expect.poll(() => maria.getByTestId('consent').textContent()).toContain('Hai dato il consenso');
    await expectNoSeriousA11yViolations(maria);
    await maria.getByLabel('Tipo di documento').selectOption('');
    await maria.getByRole('button', { name: 'Filtra', exact: true }).click();
    await maria.getByTestId('document-count').getByText('5 documenti').waitFor();
    await maria.getByRole('button', { name: 'Chiudi il documento' }).click();
    await maria.getByTestId('record-accesses').waitFor();
    await maria.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await docsScreenshot(maria, 'fascicolo');
    await maria
      .getByRole('navigation', { name: 'Sezioni del fascicolo' })
      .getByRole('link', { name: 'Ricette' })
      .click();
    await maria.waitForURL((url) => url.pathname === '/fascicolo' && url.hash === '#ricette');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the GP sees the patients with their consent and reads the record, without the hidden document', async () => {
    gp = await logIn('/medico', 'operator', 'mmg.colombo');
    const mariaRow = gp.getByRole('row', { name: /Brambilla Maria/ });
    await mariaRow.getByText('Consultabile').waitFor();
    await gp
      .getByRole('row', { name: /Sala Anna/ })
      .getByText('Consenso non dato')
      .waitFor();
    await mariaRow.getByRole('link').click();
    await gp.getByRole('heading', { level: 1, name: 'Maria Brambilla' }).waitFor();
    expect(await documentCount(gp)).toBe('4 documenti');
    expect(await gp.getByTestId('document-row').filter({ hasText: 'Verbale di pronto soccorso' }).count()).toBe(0);
    await gp.getByTestId('prescription-row').first().waitFor();
    await gp.getByTestId('exemption-row').first().waitFor();
    await expectNoSeriousA11yViolations(gp);
    await docsScreenshot(gp, 'gp-record');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the GP writes a prescription and an exemption, with clear errors first', async () => {
    const rx = gp.getByTestId('prescription-form');
    await rx.getByRole('button', { name: 'Prescrivi' }).click();
    await rx.getByText('Scrivi il nome del farmaco.').waitFor();
    await rx.getByText('Il codice AIC ha 9 cifre.').waitFor();
    expect((await focusedElement(gp)).id).toBe('rx-medication');
    expect(await gp.getByLabel('Farmaco').getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousA11yViolations(gp);
    await screenshot(gp, 'gp-prescription-errors');

    await gp.getByLabel('Farmaco').fill('Amlodipina 5 mg compresse');
    await gp.getByLabel('Codice AIC').fill('012745093');
    await gp.getByLabel('Posologia').fill('1 compressa la sera');
    await gp.getByLabel('Confezioni').fill('2');
    await rx.getByRole('button', { name: 'Prescrivi' }).click();
    const created = await gp.getByTestId('prescription-created').textContent();
    expect(created).toMatch(/^Ricetta creata: Amlodipina 5 mg compresse, numero 030A\d{11}\.$/);
    nre = /030A\d{11}/.exec(created ?? '')?.[0] ?? '';
    await gp
      .getByTestId('prescription-row')
      .filter({ hasText: 'Amlodipina 5 mg compresse' })
      .getByText('Da ritirare')
      .waitFor();

    const ex = gp.getByTestId('exemption-form');
    await gp.getByLabel('Codice di esenzione').fill('031');
    await gp.getByLabel('Descrizione').fill('Ipertensione arteriosa');
    await gp.getByLabel('Valida dal').fill('2026-01-10');
    await gp.getByLabel('Valida fino al (facoltativo)').fill('2025-12-31');
    await ex.getByRole('button', { name: 'Rilascia l’esenzione' }).click();
    await ex.getByText('La fine della validità deve venire dopo l’inizio.').waitFor();
    await gp.getByLabel('Valida fino al (facoltativo)').fill('');
    await ex.getByRole('button', { name: 'Rilascia l’esenzione' }).click();
    await gp.getByTestId('exemption-created').getByText('Esenzione 031 rilasciata: Ipertensione arteriosa.').waitFor();
    await gp.getByTestId('exemption-row').filter({ hasText: 'Ipertensione arteriosa' }).waitFor();
    // The certificate is a document of the record too: one more for the GP.
    expect(await documentCount(gp)).toBe('5 documenti');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the citizen hides a document: the GP no longer sees it, and the counts do not reveal it', async () => {
    await maria.reload();
    expect(await documentCount(maria)).toBe('6 documenti');
    await maria.getByRole('button', { name: `Oscura ${ldo}` }).click();
    await maria.getByTestId('hide-confirm').getByRole('button', { name: 'Sì, oscura' }).click();
    await maria.getByRole('button', { name: `Rendi visibile ${ldo}` }).waitFor();
    expect(await maria.getByTestId('document-row').filter({ hasText: ldo }).getByText('Oscurato').count()).toBe(1);

    await gp.reload();
    expect(await documentCount(gp)).toBe('4 documenti');
    expect(await gp.getByTestId('document-row').filter({ hasText: ldo }).count()).toBe(0);
    await gp.getByLabel('Tipo di documento').selectOption('LDO');
    await gp.getByRole('button', { name: 'Filtra', exact: true }).click();
    await gp.getByTestId('document-count').getByText('0 documenti').waitFor();
    await gp.getByText('Nessun documento.').waitFor();
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the citizen sees the GP in "chi ha consultato il mio fascicolo", newest first', async () => {
    await maria.reload();
    const log = maria.getByTestId('record-accesses');
    await log.waitFor();
    const first = log.locator('tbody tr').first();
    expect(await first.textContent()).toContain('Laura Colombo');
    expect(await first.textContent()).toContain('Consultazione per cura');
    // Maria's own reads are left out unless she asks for them.
    expect(await log.getByText('Consultazione del proprio fascicolo').count()).toBe(0);
    // Bootstrap Italia draws the box over the label, so the label is what a person clicks.
    await maria.getByText('Mostra anche le mie consultazioni').click();
    await log.getByText('Consultazione del proprio fascicolo').first().waitFor();
    await expectNoSeriousA11yViolations(maria);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('withdrawn consent blocks the GP', async () => {
    await maria.getByRole('button', { name: 'Revoca il consenso' }).click();
    await maria
      .getByTestId('consent')
      .getByText(/^Hai revocato il consenso/)
      .waitFor();
    await gp.reload();
    await gp.getByTestId('no-consent').getByText('Fascicolo non consultabile').waitFor();
    expect(await gp.getByTestId('document-row').count()).toBe(0);
    expect(await gp.getByTestId('prescription-row').count()).toBe(0);
    const direct = await gp.request.get(`${platform.baseUrl}/api/records/patients/${mariaCf}/documents`);
    expect(((await direct.json()) as { total: number }).total).toBe(0);
    await expectNoSeriousA11yViolations(gp);
    await gp.goto(`${platform.baseUrl}/medico`);
    await gp
      .getByRole('row', { name: /Brambilla Maria/ })
      .getByText('Consenso non dato')
      .waitFor();

    await maria.getByRole('button', { name: 'Dai il consenso' }).click();
    await maria
      .getByTestId('consent')
      .getByText(/^Hai dato il consenso/)
      .waitFor();
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the pharmacist finds the prescription by codice fiscale and NRE and dispenses it', async () => {
    const pharmacy = await logIn('/farmacia', 'operator', 'farm.galli');
    await pharmacy.getByRole('heading', { level: 1, name: 'In farmacia: ricette e adesioni' }).waitFor();
    await pharmacy.getByRole('button', { name: 'Cerca la ricetta' }).click();
    await pharmacy.getByText('Scrivi il numero della ricetta.').waitFor();
    await pharmacy.getByLabel('Codice fiscale dell’assistito').fill(mariaCf);
    await pharmacy.getByLabel('Numero di ricetta (NRE)').fill('030A99999999999');
    await pharmacy.getByRole('button', { name: 'Cerca la ricetta' }).click();
    await pharmacy
      .getByTestId('dispense-problem')
      .getByText(/^Nessuna ricetta corrisponde/)
      .waitFor();

    await pharmacy.getByLabel('Numero di ricetta (NRE)').fill(nre);
    await pharmacy.getByRole('button', { name: 'Cerca la ricetta' }).click();
    const found = pharmacy.getByTestId('found-prescription');
    await found.getByRole('heading', { name: 'Amlodipina 5 mg compresse' }).waitFor();
    expect(await found.getByTestId('prescription-status').textContent()).toBe('Da ritirare');
    await expectNoSeriousA11yViolations(pharmacy);
    await found.getByRole('button', { name: 'Dispensa il farmaco' }).click();
    await found.getByTestId('dispensed').waitFor();
    expect(await found.getByTestId('prescription-status').textContent()).toBe('Dispensata');
    expect(await found.getByRole('button', { name: 'Dispensa il farmaco' }).count()).toBe(0);
    await screenshot(pharmacy, 'pharmacy-dispensed');

    // The citizen sees it dispensed, by whom, and the pharmacist in her access log.
    await maria.reload();
    const row = maria.getByTestId('prescription-row').filter({ hasText: 'Amlodipina 5 mg compresse' });
    await row.getByText('Dispensata').waitFor();
    expect(await row.textContent()).toContain('Farmacia Centrale di Milano');
    await maria.getByTestId('record-accesses').getByText('Chiara Galli').first().waitFor();
    expect(takeErrors(opened)).toEqual([]);
  });

  it('a delegate reads the record of whoever delegated her', async () => {
    await apiSend(maria, 'POST', '/api/me/delegations', {
      fiscalCode: account(demo, 'anna.sala').fiscalCode,
      healthCardNumber: demoCard(4),
    });
    const anna = await logIn('/fascicolo', 'citizen', 'anna.sala');
    await anna.getByRole('heading', { level: 1, name: 'Il mio fascicolo' }).waitFor();
    expect(await documentCount(anna)).toBe('1 documento');
    await anna.getByRole('group', { name: 'Stai agendo per' }).getByRole('button', { name: 'Maria Brambilla' }).click();
    await anna.getByText('Stai consultando il fascicolo di Maria Brambilla, che ti ha delegato.').waitFor();
    // A delegate sees what Maria sees, the hidden documents included.
    expect(await documentCount(anna)).toBe('6 documenti');
    await expectNoSeriousA11yViolations(anna);
    expect(takeErrors(opened)).toEqual([]);
  });
});
