import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/src holds the web app's unit tests (i18n completeness, input checks, API client).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // 2-core machines: two workers keep PostgreSQL and Node from starving each other.
    maxWorkers: 2,
  },
});
