import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    conditions: ['source'],
    // Vite does not resolve a package's imports of itself; plugins import the public API by name.
    alias: {
      'itops-tui/plugin': src('plugin-api/index.ts'),
      'itops-tui/testing': src('plugin-api/testing/index.ts'),
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // PTY journeys spawn the bundled CLI; keep them from fighting unit tests for the 2 cores.
    pool: 'forks',
  },
});
