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
    // Each file starts its own platform (a database cloned from the template, a server) and a Chromium. The files
    // mostly wait (for pages, polls, the SMS simulator): run two files at a time on a machine shared with other work,
    // the test processes and their Chromiums used 437 s of CPU in 521 s (PostgreSQL's not counted). Two at a time.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
