// Browser harness for the e2e tests: Debian's Chromium driven by
// playwright-core. `npx playwright install` cannot download browsers on our
// machines, so the system build is used (scripts/ensure-chromium.sh installs it).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.SALUS_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDir = process.env.SALUS_SCREENSHOT_DIR ?? '/tmp/salus-shots';

// Flags for a quiet, deterministic headless run in containers and CI: no
// sandbox (we run as root), no GPU, and none of Chrome's background traffic
// (updates, sync, QUIC probes) that would make timings noisy.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts headless Chromium. Playwright's launch() gives every browser a new
 * temporary user-data-dir and deletes it on close, so no state leaks between
 * runs; each test then opens its own context (cookies, localStorage).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run "bash scripts/ensure-chromium.sh" first`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export interface PageWithErrors {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen so far: a test should end with none. */
  errors: string[];
}

/** A fresh context (Italian locale, desktop size) and page that records script errors. */
export async function openPage(
  browser: Browser,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<PageWithErrors> {
  const context = await browser.newContext({
    locale: options.locale ?? 'it-IT',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    // Bootstrap fades button colours over 0.15 s unless motion is reduced: an
    // axe check right after a click would otherwise measure the contrast of a
    // half-faded button and fail at random.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/** The pages a test file opens: each one is closed in afterAll, and their errors read together. */
export class OpenedPages {
  readonly all: PageWithErrors[] = [];

  async open(browser: Browser, options?: Parameters<typeof openPage>[1]): Promise<PageWithErrors> {
    const session = await openPage(browser, options);
    this.all.push(session);
    return session;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.map((session) => session.context.close()));
  }
}

/** Full-page screenshot for manual review, kept outside the repository. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** What has keyboard focus. (The callback runs in the page; the root tsconfig has no DOM types.) */
export async function focusedElement(page: Page): Promise<{ tag: string; id: string; text: string }> {
  return page.evaluate(() => {
    type FocusTarget = { tagName: string; id: string; textContent: string | null } | null;
    const active = (globalThis as unknown as { document: { activeElement: FocusTarget } }).document.activeElement;
    return { tag: active?.tagName.toLowerCase() ?? '', id: active?.id ?? '', text: active?.textContent?.trim() ?? '' };
  });
}

/**
 * How many pixels the page is wider than the window: anything above 0 means
 * sideways scrolling of the whole page (WCAG 1.4.10, reflow at 320 CSS px).
 */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Root = { scrollWidth: number; clientWidth: number };
    const root = (globalThis as unknown as { document: { documentElement: Root } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

// --- accessibility -----------------------------------------------------------

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface A11yViolation {
  id: string;
  impact: Impact | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

const axeSourcePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// WCAG 2.1 A and AA, which Salus must meet, plus axe's best practices (e.g.
// one <h1>, landmarks) that catch real problems for screen-reader users.
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readViolations(result: unknown): A11yViolation[] {
  if (!isRecord(result) || !Array.isArray(result.violations)) throw new Error('axe returned no violations list');
  return result.violations.map((entry: unknown): A11yViolation => {
    if (!isRecord(entry)) throw new Error('axe returned a malformed violation');
    const nodes = Array.isArray(entry.nodes) ? (entry.nodes as unknown[]) : [];
    const impact = entry.impact;
    return {
      id: String(entry.id),
      impact:
        impact === 'minor' || impact === 'moderate' || impact === 'serious' || impact === 'critical' ? impact : null,
      help: String(entry.help),
      helpUrl: String(entry.helpUrl),
      targets: nodes.map((node) => (isRecord(node) && Array.isArray(node.target) ? node.target.join(' ') : '?')),
    };
  });
}

/** Runs axe-core on the current page and returns every violation found. */
export async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  // Injected per call: a navigation replaces the page's global scope.
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the page's CSP (no inline script).
  if (!loaded) await page.evaluate(readFileSync(axeSourcePath, 'utf8'));
  const result = await page.evaluate(async (tags: string[]) => {
    // Runs in the browser, where axe-core is now a global.
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<unknown> } }).axe;
    return axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  }, axeTags);
  return readViolations(result);
}

export function formatViolations(violations: A11yViolation[]): string {
  return violations
    .map((v) => `- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n    ${v.targets.join('\n    ')}`)
    .join('\n');
}

/**
 * Fails when axe finds a serious or critical violation. Minor and moderate
 * ones are printed, so they are seen without blocking the build.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const violations = await a11yViolations(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) console.warn(`axe (non-blocking) on ${page.url()}:\n${formatViolations(other)}`);
  if (blocking.length > 0) {
    throw new Error(`Serious accessibility violations on ${page.url()}:\n${formatViolations(blocking)}`);
  }
}

const inFlight = new WeakMap<Page, Set<unknown>>();

/** Counts the page's fetch/XHR requests from now on (a page reads its data through fetch). */
function trackRequests(page: Page): Set<unknown> {
  let pending = inFlight.get(page);
  if (pending !== undefined) return pending;
  const open = new Set<unknown>();
  const done = (request: { resourceType(): string }) => open.delete(request);
  page.on('request', (request) => {
    if (['fetch', 'xhr'].includes(request.resourceType())) open.add(request);
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  inFlight.set(page, open);
  pending = open;
  return pending;
}

/** Two animation frames: a React effect run after a render has issued its fetch by then. */
const twoFrames = (page: Page) =>
  page.evaluate(() => {
    // The e2e tests compile without the DOM lib: the browser's function, typed here.
    const window = globalThis as unknown as { requestAnimationFrame: (callback: () => void) => number };
    const frame = (callback: () => void) => window.requestAnimationFrame(callback);
    return new Promise<void>((resolve) => {
      frame(() => {
        frame(() => {
          resolve();
        });
      });
    });
  });

/**
 * Waits until the page has no fetch in flight and shows no loading status, and still none two frames later (a
 * fetch chained on another's answer starts in between). Replaces Playwright's `networkidle`, which waits for 500 ms
 * of silence on every page: 57 pages in routes.e2e, about 30 s of the suite spent waiting for nothing.
 * Call `watchRequests(page)` before the navigation whose requests should be waited for.
 */
export async function settled(page: Page, timeoutMs = 15_000): Promise<void> {
  const pending = trackRequests(page);
  const loading = page.locator('[data-loading]');
  const quiet = async () => pending.size === 0 && (await loading.count()) === 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await quiet()) {
      await twoFrames(page);
      if (await quiet()) return;
    }
    if (Date.now() > deadline) throw new Error(`page not settled after ${timeoutMs} ms: ${pending.size} requests open`);
    await page.waitForEvent('requestfinished', { timeout: 200 }).catch(() => undefined);
  }
}

/** Starts counting the page's requests, so that `settled` knows of those a navigation starts. */
export function watchRequests(page: Page): void {
  trackRequests(page);
}
