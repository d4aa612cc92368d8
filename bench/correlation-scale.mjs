// node bench/correlation-scale.mjs [tickets,incidents,hosts] — bundles bench/correlation-scale.ts and runs it with --expose-gc.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const at = (p) => fileURLToPath(new URL(p, import.meta.url));
const out = at('../node_modules/.cache/itops-bench/correlation-scale.mjs');
await build({
  entryPoints: [at('./correlation-scale.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: out,
  conditions: ['source'],
  packages: 'external',
  jsx: 'automatic',
  alias: {
    'itops-tui/plugin': at('../src/plugin-api/index.ts'),
    'itops-tui/testing': at('../src/plugin-api/testing/index.ts'),
  },
  logLevel: 'warning',
});
if (!process.env.BENCH_BUILD_ONLY)
  execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', out, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      cwd: at('..'),
    },
  );
