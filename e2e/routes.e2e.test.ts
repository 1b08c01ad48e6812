// Every route of the web app (web/src/App.tsx), as the person it is for, in
// Italian and in English: zero serious or critical axe violations, and no raw
// translation key (such as "home.title") in the page text. Also takes the
// citizen pages' screenshots for the README.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import itCatalogue from '../web/src/locales/it.json' with { type: 'json' };
import type { DemoInfo } from '../web/src/api/types.ts';
import {
  expectNoSeriousA11yViolations,
  launchBrowser,
  openPage,
  settled,
  watchRequests,
  type PageWithErrors,
} from './browser.ts';
import { account, demoCard, loadDemo } from './demo.ts';
import { startE2ePlatform, type E2ePlatform } from './platform.ts';
import type { TestPlatform } from '../test/helpers/platform.ts';
import { fileExample } from '../test/support/fse2/national-documents.ts';
import { apiSend, docsScreenshot, loggedIn } from './session.ts';

let platform: E2ePlatform;
let browser: Browser;
let demo: DemoInfo;
let cdaDocumentId: string;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startE2ePlatform(), launchBrowser()]);
  demo = await loadDemo(platform);
  cdaDocumentId = await cdaDocumentOfMaria();
});

/**
 * A CDA2 lab report of Maria's, for the document pages. It is filed through records when the platform runs in this
 * process; against an external server (SALUS_E2E_BASE_URL) the pages show their "no such document" state instead.
 */
async function cdaDocumentOfMaria(): Promise<string> {
  if (!('modules' in platform)) return 'not-filed-on-an-external-server';
  const local = platform as TestPlatform;
  const maria = account(demo, 'maria.brambilla').fiscalCode;
  return fileExample(local.modules.records.national, local.db.kysely as never, 'LAB', maria);
}

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

type Who = { as: 'citizen' | 'operator'; username: string } | null;

/** Each route pattern of App.tsx with the concrete path visited and who visits it. */
function plan(): { pattern: string; path: string; who: Who }[] {
  const maria = account(demo, 'maria.brambilla').fiscalCode;
  const citizen: Who = { as: 'citizen', username: 'maria.brambilla' };
  const op = (username: string): Who => ({ as: 'operator', username });
  return [
    { pattern: '', path: '/', who: null },
    { pattern: 'registry', path: '/registry', who: null },
    { pattern: 'campagne', path: '/campagne', who: null },
    { pattern: 'campagne/:code', path: '/campagne/covid-over80', who: null },
    { pattern: 'adesione/:code', path: '/adesione/covid-over80', who: null },
    { pattern: 'riprendi', path: '/riprendi', who: null },
    { pattern: 'r/:token', path: '/r/not-a-real-token', who: null },
    { pattern: 'telefoni', path: '/telefoni', who: null },
    { pattern: '*', path: '/pagina-che-non-esiste', who: null },
    { pattern: 'farmacia', path: '/farmacia', who: op('farm.galli') },
    { pattern: 'regione/capacita', path: '/regione/capacita', who: op('regione.fontana') },
    { pattern: 'regione/cruscotto', path: '/regione/cruscotto', who: op('regione.fontana') },
    { pattern: 'regione/rapporto', path: '/regione/rapporto', who: op('regione.fontana') },
    { pattern: 'regione/inoltri-rifiutati', path: '/regione/inoltri-rifiutati', who: op('regione.fontana') },
    { pattern: 'area-personale', path: '/area-personale', who: citizen },
    { pattern: 'profilo', path: '/profilo', who: citizen },
    { pattern: 'fascicolo', path: '/fascicolo', who: citizen },
    { pattern: 'appuntamenti', path: '/appuntamenti', who: citizen },
    { pattern: 'medico', path: '/medico', who: op('mmg.colombo') },
    { pattern: 'medico/assistiti/:fiscalCode', path: `/medico/assistiti/${maria}`, who: op('mmg.colombo') },
    {
      pattern: 'medico/assistiti/:fiscalCode/documenti/:id',
      path: `/medico/assistiti/${maria}/documenti/${cdaDocumentId}`,
      who: op('mmg.colombo'),
    },
    { pattern: 'fascicolo/documenti/:id', path: `/fascicolo/documenti/${cdaDocumentId}`, who: citizen },
    { pattern: 'centro', path: '/centro', who: op('vacc.ferrari') },
    { pattern: 'farmacia/tampone', path: '/farmacia/tampone', who: op('farm.galli') },
    { pattern: 'fascicolo/certificati', path: '/fascicolo/certificati', who: citizen },
    { pattern: 'verifica', path: '/verifica', who: null },
    { pattern: 'certificato', path: '/certificato', who: null },
    { pattern: 'regione/certificati', path: '/regione/certificati', who: op('regione.fontana') },
  ];
}

// "home.title", "dashboard.sms.heading"…: a key that i18next could not translate.
const rawKey = new RegExp(`(?<![\\w.@/-])(?:${Object.keys(itCatalogue).join('|')})\\.[A-Za-z][\\w]*(?:\\.[\\w]+)*`);

async function checkPage(page: Page, path: string, language: 'it' | 'en'): Promise<void> {
  watchRequests(page);
  await page.goto(platform.baseUrl + path);
  await page.locator('h1').first().waitFor();
  await settled(page);
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
  const text = await page.locator('body').innerText();
  expect(text.match(rawKey)?.[0] ?? null, `raw i18n key on ${path} (${language})`).toBeNull();
  await expectNoSeriousA11yViolations(page);
}

describe('every page', () => {
  it('covers every route declared in App.tsx', () => {
    const app = readFileSync(new URL('../web/src/App.tsx', import.meta.url), 'utf8');
    const declared = [...app.matchAll(/<Route (?:index|path="([^"]+)")/g)].map((m) => m[1] ?? '').sort();
    expect(
      plan()
        .map((p) => p.pattern)
        .sort(),
    ).toEqual(declared);
  });

  it('passes axe, in Italian and English, with no raw translation key', { timeout: 300_000 }, async () => {
    const steps = plan();
    const groups = new Map<string, typeof steps>();
    for (const step of steps) {
      const key = step.who === null ? '' : `${step.who.as}:${step.who.username}`;
      groups.set(key, [...(groups.get(key) ?? []), step]);
    }
    // Seed data first, so the citizen's appointments page has something to show.
    const order = [
      '',
      'operator:farm.galli',
      'operator:regione.fontana',
      'citizen:maria.brambilla',
      'operator:mmg.colombo',
      'operator:vacc.ferrari',
    ];
    expect([...groups.keys()].sort()).toEqual([...order].sort());
    for (const key of order) {
      const group = groups.get(key) ?? [];
      const who = group[0]?.who ?? null;
      const first = group[0]?.path ?? '/';
      const session =
        who === null ? await openPage(browser) : await loggedIn(browser, platform, demo, first, who.as, who.username);
      opened.push(session);
      const { page } = session;
      if (who?.username === 'farm.galli') {
        await apiSend(page, 'POST', '/api/campaigns/covid-over80/enrollments', {
          fiscalCode: account(demo, 'maria.brambilla').fiscalCode,
          healthCardNumber: demoCard(1),
        });
      }
      if (who?.username === 'regione.fontana')
        await apiSend(page, 'POST', '/api/scheduling/allocate', { campaign: 'covid-over80' });
      for (const step of group) {
        await checkPage(page, step.path, 'it');
        if (step.path === '/') await docsScreenshot(page, 'home');
        if (step.path === '/adesione/covid-over80') await docsScreenshot(page, 'enrollment');
        if (step.path === '/appuntamenti') await docsScreenshot(page, 'appointments');
        if (step.path === '/profilo') await docsScreenshot(page, 'profile');
      }
      await page.evaluate(() => {
        (globalThis as unknown as { localStorage: { setItem: (k: string, v: string) => void } }).localStorage.setItem(
          'salus.lang',
          'en',
        );
      });
      for (const step of group) await checkPage(page, step.path, 'en');
      if (key === '') {
        await checkPage(page, '/', 'en');
        await docsScreenshot(page, 'home-en');
      }
      expect(session.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    }
  });
});
