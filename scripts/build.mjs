// Bundles the CLI into one ESM file: Ink's import graph is large and resolving it
// module by module roughly doubles start-up (see TOOLCHAIN.md "Measured").

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Old chunks from earlier builds must not pile up (the bin would still work, but the package grows).
await rm(`${root}/dist/chunks`, { recursive: true, force: true });
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

/**
 * Bundle-size fixes that change no behaviour (issue 10): zod ships ~40 locales (13 % of the
 * bundle) and we only ever speak English; js-yaml would be bundled twice, its ESM build for us
 * and its CJS build for cosmiconfig's `require`, so both resolve to the ESM one.
 */
const lean = {
  name: 'lean',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'lean' } : undefined,
    );
    b.onLoad({ filter: /^zod-locales$/, namespace: 'lean' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
    }));
    b.onResolve({ filter: /^js-yaml$/ }, () => ({ path: `${root}/node_modules/js-yaml/dist/js-yaml.mjs` }));
    // An ESM `import` of node:http reads every export, and three of them (WebSocket, CloseEvent,
    // MessageEvent) are lazy getters that load undici: ~50 ms of CPU per thread that needs no
    // fetch, paid by the demo and by every connector's worker. `require` reads only what is used.
    b.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.kind === 'require-call'
        ? { path: 'node:http', external: true }
        : { path: 'node:http', namespace: 'builtin-cjs' },
    );
    b.onLoad({ filter: /^node:http$/, namespace: 'builtin-cjs' }, () => ({
      contents: httpShim,
      loader: 'js',
    }));
  },
};

/** node:http as CommonJS, with the named exports it has today minus the undici-loading getters. */
const httpShim = (() => {
  const http = createRequire(import.meta.url)('node:http');
  const lazyUndici = new Set(['WebSocket', 'CloseEvent', 'MessageEvent']);
  const names = Object.keys(http).filter((k) => !lazyUndici.has(k) && /^[A-Za-z_$][\w$]*$/.test(k));
  return [
    "const http = require('node:http');",
    'export default http;',
    ...names.map((k) => `export const ${k} = http.${k};`),
  ].join('\n');
})();

// Split: the entry answers --version/--help on its own; each command's code is a chunk
// loaded by `import()` only when that command runs. `plugin-host.js` is the entry of every
// connector's worker thread (src/host/worker/main.ts); it shares chunks with the CLI.
const shebang = '#!/usr/bin/env node';
await build({
  ...common,
  entryPoints: { cli: 'src/cli/entry.ts', 'plugin-host': 'src/host/worker/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lean],
  banner: { js: common.banner.js },
});
const cli = `${root}/dist/cli.js`;
await writeFile(cli, `${shebang}\n${await readFile(cli, 'utf8')}`);
await chmod(cli, 0o755);
await build({
  ...common,
  entryPoints: { plugin: 'src/plugin-api/index.ts', testing: 'src/plugin-api/testing/index.ts' },
  outdir: 'dist',
  external: ['keytar', 'got', 'zod'],
});

// The slim plugin kit (packages/plugin-kit, published as itops-tui-plugin-kit): the same API and
// test kit as the two entries above, with declarations, for plugin authors who should not have
// to install the cockpit's terminal UI to write a connector.
const kit = `${root}/packages/plugin-kit`;
await rm(`${kit}/dist`, { recursive: true, force: true });
await rm(`${kit}/types`, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { index: 'src/plugin-api/index.ts', testing: 'src/plugin-api/testing/index.ts' },
  outdir: `${kit}/dist`,
  external: ['got', 'zod'],
});
execFileSync(
  process.execPath,
  [
    `${root}/node_modules/typescript/bin/tsc`,
    '--ignoreConfig',
    ...['--declaration', '--emitDeclarationOnly', '--skipLibCheck', '--strict', '--verbatimModuleSyntax'],
    ...['--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2023', '--types', 'node'],
    ...['--rootDir', `${root}/src`, '--outDir', `${kit}/types`],
    `${root}/src/plugin-api/index.ts`,
    `${root}/src/plugin-api/testing/index.ts`,
  ],
  { stdio: 'inherit' },
);
