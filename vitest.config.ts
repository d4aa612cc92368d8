import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // PTY journeys spawn the bundled CLI; keep them from fighting unit tests for the 2 cores.
    pool: 'forks',
  },
});
