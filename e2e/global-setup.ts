// Runs once before the e2e files: checks for Chromium and builds the web app,
// so the server under test serves the current code rather than a stale dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromiumPath } from './browser.ts';

export default async function setup(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run "bash scripts/ensure-chromium.sh" first`);
  }
  // Skipped against an external server, or when CI has just built it.
  if (process.env.SALUS_E2E_BASE_URL || process.env.SALUS_E2E_SKIP_BUILD === '1') return;
  const started = performance.now();
  // Vitest sets NODE_ENV=test, and Vite honours an existing NODE_ENV over its
  // mode: without this the tests would run React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  console.log(`e2e: web app built in ${Math.round(performance.now() - started)} ms`);
}
