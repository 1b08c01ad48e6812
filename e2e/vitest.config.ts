import { defineConfig } from 'vitest/config';

// Browser tests: `npx vitest run --config e2e/vitest.config.ts`.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    // test/global-setup.ts starts the shared PostgreSQL and template database
    // that startTestPlatform clones; not needed against an external server.
    globalSetup: process.env.SALUS_E2E_BASE_URL
      ? ['e2e/global-setup.ts']
      : ['test/global-setup.ts', 'e2e/global-setup.ts'],
    // Each file starts its own platform (PostgreSQL + server) and a Chromium:
    // one file at a time keeps a 2-core machine from timing out.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
