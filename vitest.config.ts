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
      // The example plugins import the slim kit package, built from the same sources.
      'itops-tui-plugin-kit/testing': src('plugin-api/testing/index.ts'),
      'itops-tui-plugin-kit': src('plugin-api/index.ts'),
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}', 'examples/*/test/**/*.test.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // A loaded machine must not fail a test that waits for the right frame (see the file).
    setupFiles: ['./tests/helpers/setup-waitfor.ts'],
    expect: { poll: { timeout: 15_000 } },
    testTimeout: 45_000,
    hookTimeout: 45_000,
    // PTY journeys spawn the bundled CLI; keep them from fighting unit tests for the 2 cores.
    pool: 'forks',
  },
});
