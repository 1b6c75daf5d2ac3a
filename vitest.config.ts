import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; suites that need the real control planes live under
// test/integration and test/e2e and share one set of clusters started by globalSetup.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
