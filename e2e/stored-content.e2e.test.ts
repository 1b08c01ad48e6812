// Issue #16: a document published to the FSE must never run script in Salus's origin,
// where a citizen's or GP's session and CSRF token live (High 2); and every page keeps
// working under the Content-Security-Policy now sent with it (Medium 7).
//
// Hostile XML, SVG and HTML are refused at publication. Content stored before the
// checks existed is planted straight in the database, then opened in a logged-in
// Chromium: its script would leave a marker in the origin's localStorage, which must
// never appear. Needs the local platform (it writes to the database).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage } from 'playwright-core';
import { provideBundle } from '../src/records/mhd/build.ts';
import { facilityToken } from '../test/support/records/clients.ts';
import { startTestPlatform, type TestPlatform } from '../test/helpers/platform.ts';
import type { DemoInfo } from '../web/src/api/types.ts';
import { launchBrowser, openPage, type PageWithErrors } from './browser.ts';
import { loadDemo, signInAtProvider } from './demo.ts';
import { loggedIn, takeErrors } from './session.ts';

let platform: TestPlatform;
let browser: Browser;
let demo: DemoInfo;
let token: string;
let mariaId: number;
const opened: PageWithErrors[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ demoCitizens: 50 }), launchBrowser()]);
  demo = await loadDemo(platform);
  token = await facilityToken(platform.baseUrl);
  mariaId = (
    await platform.db.kysely
      .selectFrom('citizens')
      .select('id')
      .where('given_name', '=', 'Maria')
      .where('family_name', '=', 'Brambilla')
      .executeTakeFirstOrThrow()
  ).id;
});

afterAll(async () => {
  await Promise.all(opened.map((session) => session.context.close()));
  await browser.close();
  await platform.close();
});

// Each script, if it ever ran in Salus's origin, writes the marker where the test looks.
const mark = (kind: string) =>
  `try { localStorage.setItem('pwned', '${kind}') } catch (e) {} try { top.pwned = '${kind}' } catch (e) {}`;
const HOSTILE: Record<string, { contentType: string; body: string }> = {
  xml: {
    contentType: 'text/xml',
    body: `<html xmlns="http://www.w3.org/1999/xhtml"><body><script>${mark('xml')}</script></body></html>`,
  },
  svg: {
    contentType: 'image/svg+xml',
    body: `<svg xmlns="http://www.w3.org/2000/svg" onload="${mark('svg')}"><circle r="5"/></svg>`,
  },
  html: {
    contentType: 'text/html',
    body: `<!doctype html><img src="/nothing.png" onerror="${mark('html')}"><script>${mark('html')}</script>`,
  },
  // HTML bytes under a PDF's type: the one kind served inline, for the viewer.
  pdf: { contentType: 'application/pdf', body: `<!doctype html><script>${mark('pdf')}</script>` },
};

let serial = 0;
async function publish(content: Buffer, contentType: string): Promise<Response> {
  serial += 1;
  const bundle = provideBundle(
    { patientId: mariaId },
    [
      {
        masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.1616${Date.now()}${serial}` },
        docClass: 'REF',
        description: `Referto ${serial}`,
        date: '2026-03-10T09:30:00+01:00',
        content,
        contentType,
      },
    ],
    { sourceId: 'urn:e2e' },
  );
  return fetch(`${platform.baseUrl}/fhir/R4`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(bundle),
  });
}

/**
 * A clean CDA is published, then its stored bytes and type are swapped for hostile ones, as if stored before the
 * checks.
 */
async function plant(kind: string): Promise<{ document: string; binary: string }> {
  const response = await publish(
    Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Referto</title></ClinicalDocument>'),
    'text/xml',
  );
  expect(response.status).toBe(200);
  const locations = ((await response.json()) as { entry: { response: { location: string } }[] }).entry.map(
    (e) => e.response.location,
  );
  const id = (type: string) => locations.find((l) => l.startsWith(`${type}/`))?.split('/')[1] ?? '';
  const hostile = HOSTILE[kind];
  if (hostile === undefined) throw new Error(kind);
  await sql`UPDATE fhir_binary SET content_type = ${hostile.contentType}, data = ${Buffer.from(hostile.body)}
    WHERE id::text = ${id('Binary')}`.execute(platform.db.kysely);
  return { document: id('DocumentReference'), binary: id('Binary') };
}

/** Opens a URL as the top page of the logged-in context: rendered (load fired, so its scripts ran) or downloaded. */
async function open(context: BrowserContext, url: string): Promise<'rendered' | 'downloaded'> {
  const page = await context.newPage();
  try {
    const download = page.waitForEvent('download').then(
      () => 'downloaded' as const,
      () => null,
    );
    // Chromium aborts the navigation when the answer is an attachment ("Download is starting").
    const rendered = await page.goto(url, { waitUntil: 'load' }).then(
      () => true,
      (error: unknown) => {
        if (/Download is starting|ERR_ABORTED/.test(String(error))) return false;
        throw error;
      },
    );
    if (rendered) return 'rendered';
    const downloaded = await download;
    if (downloaded === null) throw new Error(`${url}: neither rendered nor downloaded`);
    return downloaded;
  } finally {
    await page.close();
  }
}

describe('stored documents in the browser', () => {
  it('refuses hostile XML, SVG and HTML at publication', async () => {
    for (const [kind, { contentType, body }] of Object.entries(HOSTILE)) {
      const response = await publish(
        Buffer.from(body),
        contentType === 'image/svg+xml' ? 'application/xml' : contentType,
      );
      expect(response.status, kind).toBe(400);
      expect(((await response.json()) as { resourceType: string }).resourceType, kind).toBe('OperationOutcome');
    }
  });

  it('never runs the script of content already stored, opened by the logged-in citizen', async () => {
    const session = await loggedIn(browser, platform, demo, '/fascicolo', 'citizen', 'maria.brambilla');
    opened.push(session);
    const { page, context } = session;
    await page.getByRole('heading', { level: 1, name: 'Il mio fascicolo' }).waitFor();
    for (const kind of Object.keys(HOSTILE)) {
      const { document, binary } = await plant(kind);
      const urls = [
        `/api/records/documents/${document}/content`,
        `/api/records/documents/${document}/content?download=true`,
        `/fhir/R4/Binary/${binary}`,
      ];
      for (const path of urls) {
        const url = platform.baseUrl + path;
        const headers = (await context.request.get(url, { headers: { accept: '*/*' } })).headers();
        expect(headers['x-content-type-options'], path).toBe('nosniff');
        expect(headers['content-security-policy'], path).toMatch(/default-src 'none'/);
        const inline = kind === 'pdf' && !path.includes('download') && !path.startsWith('/fhir');
        expect(headers['content-disposition'], path).toMatch(inline ? /^inline;/ : /^attachment;/);
        if (!inline) expect(headers['content-security-policy'], path).toMatch(/^sandbox;/);
        expect(await open(context, url), path).toBe(inline ? 'rendered' : 'downloaded');
        // The page of the same origin and session: no script of the document ever wrote here.
        expect(await page.evaluate(() => globalThis.localStorage.getItem('pwned')), path).toBeNull();
      }
    }
    expect(takeErrors(opened)).toEqual([]);
  });
});

describe('pages under the Content-Security-Policy', () => {
  const pages = 'home, record with the PDF viewer, verifier, waiting room, API docs, identity provider';
  it(`load with no CSP violation: ${pages}`, async () => {
    const session = await openPage(browser);
    opened.push(session);
    const violations: string[] = [];
    const watch = (message: ConsoleMessage) => {
      if (/Content.Security.Policy/i.test(message.text()))
        violations.push(`${message.page()?.url() ?? ''}: ${message.text()}`);
    };
    session.context.on('console', watch);
    const { page } = session;
    const base = platform.baseUrl;
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${base}/verifica`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${base}/sala-attesa.html?c=covid-over80`);
    await page.locator('#message').waitFor();
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    // The identity provider's login page, then the record with a PDF in the viewer.
    await page.goto(`${base}/auth/login?as=citizen&returnTo=%2Ffascicolo`);
    await signInAtProvider(page, demo, 'maria.brambilla');
    await page.goto(`${base}/fascicolo`);
    const pdf = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/content'));
    await page
      .getByRole('button', { name: /^Apri Lettera di dimissione/ })
      .first()
      .click();
    expect((await pdf).status()).toBe(200);
    await page.getByTestId('document-viewer').locator('iframe').waitFor();
    // The viewer's frame draws the PDF inside Chromium's own viewer: wait for it to be there.
    await expect.poll(() => page.frames().some((f) => f.url().endsWith('/content')), { timeout: 15_000 }).toBe(true);
    expect(violations).toEqual([]);
    expect(takeErrors([session])).toEqual([]);
  });
});
