import { defineConfig } from 'vitest/config';

// For running pure unit tests without starting PostgreSQL: `npx vitest run --config test/vitest.nodb.config.ts <path>`.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
    maxWorkers: 2,
  },
});
