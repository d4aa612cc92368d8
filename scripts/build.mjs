// Bundles the CLI into one ESM file: Ink's import graph is large and resolving it
// module by module roughly doubles start-up (see TOOLCHAIN.md "Measured").

import { readFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  jsx: 'automatic',
  sourcemap: 'linked',
  conditions: ['source'],
  absWorkingDir: root,
  logLevel: 'warning',
  alias: { 'react-devtools-core': './scripts/stubs/react-devtools-core.js' },
  // CommonJS dependencies (signal-exit, js-yaml consumers) call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __itopsCreateRequire } from 'node:module'; const require = __itopsCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"', __ITOPS_VERSION__: JSON.stringify(version) },
  // keytar is a native optional dependency loaded lazily at run time.
  external: ['keytar'],
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});
await chmod(`${root}/dist/cli.js`, 0o755);
await build({
  ...common,
  entryPoints: { plugin: 'src/plugin-api/index.ts', testing: 'src/plugin-api/testing/index.ts' },
  outdir: 'dist',
  external: ['keytar', 'got', 'zod'],
});
