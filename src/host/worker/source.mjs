// The worker entry when the host itself runs from TypeScript sources (vitest, `node src/…`):
// the bundle has dist/plugin-host.js instead. Node strips types, but our sources import
// `./x.js` for `./x.ts`, use parameter properties (which plain stripping refuses) and import
// the public API through the package's `source` condition; these hooks cover exactly that.
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

const isTs = (url) => url.startsWith('file:') && /\.(c|m)?ts$/.test(url) && !url.includes('/node_modules/');

registerHooks({
  resolve(specifier, context, next) {
    const ctx = { ...context, conditions: [...(context.conditions ?? []), 'source'] };
    try {
      return next(specifier, ctx);
    } catch (err) {
      if (specifier.endsWith('.js') && context.parentURL && isTs(context.parentURL)) {
        return next(`${specifier.slice(0, -3)}.ts`, ctx);
      }
      throw err;
    }
  },
  load(url, context, next) {
    if (!isTs(url)) return next(url, context);
    const source = readFileSync(fileURLToPath(url), 'utf8');
    return {
      format: 'module',
      source: stripTypeScriptTypes(source, { mode: 'transform' }),
      shortCircuit: true,
    };
  },
});

await import('./main.ts');
