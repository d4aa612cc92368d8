// node bench/cockpit-scale.mjs [sizes…] — bundles bench/cockpit-scale.ts and runs it with --expose-gc.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const at = (p) => fileURLToPath(new URL(p, import.meta.url));
const out = at('../node_modules/.cache/itops-bench/cockpit-scale.mjs');
await build({
  entryPoints: [at('./cockpit-scale.ts')],
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
