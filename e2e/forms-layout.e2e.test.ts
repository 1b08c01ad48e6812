// Issue #17, "Forms" and "Layout": a refused capacity says why, next to the field;
// revoking a certificate and hiding a document first say what will happen (cancel
// does nothing, confirm does it); a 600-character description keeps the documents
// table's buttons on a 390 × 844 phone; /telefoni fits that phone; and the waiting
// room uses the site's font. Needs the local platform (it publishes a document).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newUvci } from '../src/certificates/uvci.ts';
import { provideBundle } from '../src/records/mhd/build.ts';
import { facilityToken } from '../test/support/records/clients.ts';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import { dayAhead } from '../web/src/pages/appointments/labels.ts';
import {
  expectNoSeriousA11yViolations,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  type PageWithErrors,
} from './browser.ts';
import { account, demoPhones, loadDemo, logInFromPrompt } from './demo.ts';
import { takeErrors } from './session.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
const opened: PageWithErrors[] = [];
const phone = { width: 390, height: 844 };

// 600 characters: words, then a code with no space to break at (as lab systems write them).
const longTitle =
  `Referto di laboratorio con descrizione molto lunga ${'esame ematochimico completo '.repeat(16)}`.slice(0, 520) +
  `CODICE${'0123456789'.repeat(8)}`.slice(0, 80);

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ demoCitizens: 50 }), launchBrowser()]);
  demo = await loadDemo(platform);
  const maria = await platform.db.kysely
    .selectFrom('citizens')
    .select('id')
    .where('fiscal_code', '=', account(demo, 'maria.brambilla').fiscalCode)
    .executeTakeFirstOrThrow();
  const bundle = provideBundle(
    { patientId: maria.id },
    [
      {
        masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.1717${Date.now()}` },
        docClass: 'REF',
        description: longTitle,
        date: '2026-03-11T09:30:00+01:00',
        content: Buffer.from('%PDF-1.4\n%%EOF\n'),
        contentType: 'application/pdf',
      },
    ],
    { sourceId: 'urn:e2e' },
  );
  const published = await fetch(`${platform.baseUrl}/fhir/R4`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await facilityToken(platform.baseUrl)}`,
      'content-type': 'application/fhir+json',
    },
    body: JSON.stringify(bundle),
  });
  expect(published.status).toBe(200);
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

async function open(path: string, size: { width: number; height: number } = phone): Promise<Page> {
  const session = await openPage(browser, size);
  opened.push(session);
  await session.page.goto(platform.baseUrl + path);
  return session.page;
}

/** How far the element's right edge is past the window's, in CSS px (<= 0 when it is in view). */
async function pastRightEdge(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (box === null) throw new Error(`${selector} is not shown`);
  return box.x + box.width - phone.width;
}

describe('forms and layout (issue #17)', () => {
  it('/telefoni fits a 390 px phone, with an inbox open', async () => {
    const now = new Date().toISOString();
    const page = await open('/');
    await page.route('**/api/sim/phones', (route) =>
      route.fulfill({ json: { phones: [{ number: demoPhones.maria, received: 1, lastDeliveredAt: now }] } }),
    );
    await page.route('**/api/sim/phones/*/messages', (route) =>
      route.fulfill({
        json: {
          number: demoPhones.maria,
          messages: [
            {
              id: 'm1',
              provider: 'a',
              from: 'Salus',
              submittedAt: now,
              deliveredAt: now,
              text:
                "Salus: il tuo codice di adesione è 123456. Completa l'adesione: " +
                `${platform.baseUrl}/r/abcdefghijklmnopqrstuvwxyz0123456789`,
            },
          ],
        },
      }),
    );
    await page.goto(`${platform.baseUrl}/telefoni?numero=${encodeURIComponent(demoPhones.maria)}`);
    await page.getByTestId('sms').first().waitFor();
    await page.getByTestId('phone-list').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'phones-390');
    expect(takeErrors(opened)).toEqual([]);
  });

  it('a 600-character description keeps the buttons in the documents table, for the citizen and the GP', async () => {
    const record = `/medico/assistiti/${account(demo, 'maria.brambilla').fiscalCode}`;
    const readers = [
      ['/fascicolo', 'citizen', 'maria.brambilla'],
      [record, 'operator', 'mmg.colombo'],
    ] as const;
    for (const [path, as, who] of readers) {
      const page = await open(path);
      await logInFromPrompt(page, demo, as, who);
      const row = page.getByTestId('document-row').filter({ hasText: 'CODICE0123' });
      await row.waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // The table itself does not scroll sideways, and its "Apri" button is in view.
      const region = page.getByRole('region', { name: 'Documenti, dal più recente' });
      expect(
        await region.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth - el.clientWidth),
      ).toBeLessThanOrEqual(0);
      expect(
        await pastRightEdge(page, '[data-testid="document-row"]:has-text("CODICE0123") button:has-text("Apri")'),
      ).toBeLessThanOrEqual(0);
      // The whole text is a click away.
      await row.getByRole('button', { name: 'Mostra tutta la descrizione' }).click();
      await row.getByRole('button', { name: 'Mostra meno', expanded: true }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `long-description-${as}`);
    }
    expect(takeErrors(opened)).toEqual([]);
  });

  it('hiding a document says what will happen; cancel keeps it visible, confirm hides it', async () => {
    const page = await open('/fascicolo');
    await logInFromPrompt(page, demo, 'citizen', 'maria.brambilla');
    const row = page.getByTestId('document-row').filter({ hasText: 'CODICE0123' });
    await row.waitFor();
    let writes = 0;
    page.on('request', (request) => {
      if (request.method() !== 'GET' && request.url().includes('/visibility')) writes += 1;
    });

    await row.getByRole('button', { name: /^Oscura / }).click();
    const confirm = row.getByTestId('hide-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      'non sarà più visibile al tuo medico né agli altri operatori sanitari, farmacisti compresi',
    );
    expect(await confirm.textContent()).toContain('potrai renderlo di nuovo visibile');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'hide-confirm');
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(writes).toBe(0);
    expect(await row.getByText('Oscurato').count()).toBe(0);

    await row.getByRole('button', { name: /^Oscura / }).click();
    await row.getByTestId('hide-confirm').getByRole('button', { name: 'Sì, oscura' }).click();
    await row.getByText('Oscurato').waitFor();
    expect(writes).toBe(1);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('revoking a certificate says what will happen; cancel sends nothing, confirm revokes', async () => {
    const page = await open('/regione/certificati', { width: 1280, height: 900 });
    await logInFromPrompt(page, demo, 'operator', 'regione.fontana');
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/revocations')) posted.push(request.url());
    });
    // No certificate has this (well-formed) identifier: the server's answer shows the request was made.
    const uvci = newUvci();
    await page.getByLabel('Identificativo della certificazione (UVCI)').fill(uvci);
    await page.getByLabel('Motivo della revoca').fill('Prova di conferma');
    await page.getByRole('button', { name: 'Revoca la certificazione' }).click();
    const confirm = page.getByTestId('revoke-confirm');
    await confirm.getByRole('heading', { name: `Revocare la certificazione ${uvci}?` }).waitFor();
    expect(await confirm.textContent()).toContain('non si può annullare');
    await expectNoSeriousA11yViolations(page);
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(posted).toEqual([]);

    await page.getByRole('button', { name: 'Revoca la certificazione' }).click();
    await page.getByTestId('revoke-confirm').getByRole('button', { name: 'Sì, revoca la certificazione' }).click();
    await page
      .getByRole('alert')
      .getByText('Salus non ha emesso una certificazione con questo identificativo.')
      .waitFor();
    expect(posted).toHaveLength(1);
    expect(takeErrors(opened)).toEqual([]);
  });

  it('a refused capacity says why, in words tied to the field', async () => {
    const page = await open('/regione/capacita');
    await logInFromPrompt(page, demo, 'operator', 'regione.fontana');
    const field = page.locator(`#capacity-table-${dayAhead(1)}-Comirnaty`);
    await field.waitFor();
    // Over the server's limit of 100,000 a day, and not a number at all.
    for (const typed of ['200000', '12a']) {
      await field.fill(typed);
      const message = page.getByTestId('doses-error');
      await message.getByText('Scrivi un numero intero da 0 a 100.000, senza punti né spazi.').waitFor();
      const id = await message.getAttribute('id');
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(id);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
    }
    await expectNoSeriousA11yViolations(page);
    await field.fill('10');
    await page.getByTestId('doses-error').waitFor({ state: 'detached' });
    expect(takeErrors(opened)).toEqual([]);
  });

  it('the waiting room uses the same font as the rest of the site', async () => {
    const font = async (page: Page) =>
      page.evaluate(async () => {
        const doc = (
          globalThis as unknown as {
            document: {
              body: object;
              fonts: { ready: Promise<unknown> } & Iterable<{ family: string; status: string }>;
            };
          }
        ).document;
        await doc.fonts.ready;
        const style = (
          globalThis as unknown as { getComputedStyle: (el: object) => { fontFamily: string } }
        ).getComputedStyle(doc.body);
        return {
          family: style.fontFamily,
          loaded: [...doc.fonts].some(
            (face) => face.family.replace(/"/g, '') === 'Titillium Web' && face.status === 'loaded',
          ),
        };
      });
    const home = await open('/', { width: 1280, height: 900 });
    await home.getByRole('heading', { level: 1 }).waitFor();
    const room = await open('/favicon.svg', { width: 1280, height: 900 });
    // The room stays put (no queue answers, so no admission that would take it to the form).
    await room.route('**/api/waitroom/**', (route) => route.abort());
    await room.goto(`${platform.baseUrl}/sala-attesa.html?c=covid-over80`);
    await room.getByRole('heading', { level: 1, name: "Sala d'attesa" }).waitFor();
    const [site, waiting] = [await font(home), await font(room)];
    expect(site.loaded).toBe(true);
    expect(waiting).toEqual(site);
    await expectNoSeriousA11yViolations(room);
  });
});
