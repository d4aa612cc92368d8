// `npm start` on a fresh clone must work even if `prepare` was skipped; rebuild
// only when a source file is newer than the bundle so start-up stays fast.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/cli.js');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// The slim plugin kit is built by the same script; a checkout built before it existed lacks it.
const kit = join(root, 'packages/plugin-kit/dist/index.js');
// So does the connectors' worker entry (issue 11).
const host = join(root, 'dist/plugin-host.js');
const outputs = [bundle, kit, host];
const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'plugins')));
if (sources > built) await import('./build.mjs');
