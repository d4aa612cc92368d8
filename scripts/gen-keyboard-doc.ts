// Writes docs/keyboard.md from the command registry; `--check` exits 1 when the file
// is stale so CI catches a key change without a docs change.
import { readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DOC_PATH = fileURLToPath(new URL('../docs/keyboard.md', import.meta.url));

/** Outcome of a check: whether the file on disk matches what the registry generates. */
export function checkKeyboardDoc(
  onDisk: string | null,
  generated: string,
): { fresh: boolean; message: string } {
  if (onDisk === generated) return { fresh: true, message: 'docs/keyboard.md is up to date.' };
  return {
    fresh: false,
    message:
      onDisk === null
        ? 'docs/keyboard.md is missing. Run `npm run docs:keys` and commit the result.'
        : 'docs/keyboard.md is stale: the key registry changed. Run `npm run docs:keys` and commit the result.',
  };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Run the generator; returns the process exit code. */
export async function runKeyboardDoc(args: readonly string[], path = DOC_PATH): Promise<number> {
  const { renderKeyboardDoc } = await import('../src/ui/keys/keyboard-doc.js');
  // The cockpit's own registry: its panels' focus keys and where each record kind's keys work.
  const { registryFor } = await import('../src/ui/keys/keymap.js');
  const { slotsOf } = await import('../src/ui/keys/cockpit-keys.js');
  const { COCKPIT_PANELS } = await import('../src/ui/panels/registry.js');
  const generated = renderKeyboardDoc(registryFor(slotsOf(COCKPIT_PANELS)));
  if (args.includes('--check')) {
    const result = checkKeyboardDoc(readOrNull(path), generated);
    (result.fresh ? console.log : console.error)(result.message);
    return result.fresh ? 0 : 1;
  }
  writeFileSync(path, generated);
  console.log(`Wrote ${path}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Plain `node` strips types but does not map our `.js` import specifiers to the `.ts` or
  // `.tsx` sources, nor compile JSX (the panel modules are components); these hooks do, with
  // esbuild (a dev dependency), so the script needs no build step.
  const { transformSync } = await import('esbuild');
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (err) {
        if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw err;
        try {
          return next(`${specifier.slice(0, -3)}.ts`, context);
        } catch {
          return next(`${specifier.slice(0, -3)}.tsx`, context);
        }
      }
    },
    load(url, context, next) {
      if (!url.endsWith('.tsx')) return next(url, context);
      const source = readFileSync(fileURLToPath(url), 'utf8');
      const { code } = transformSync(source, { loader: 'tsx', format: 'esm', jsx: 'automatic' });
      return { format: 'module', source: code, shortCircuit: true };
    },
  });
  process.exitCode = await runKeyboardDoc(process.argv.slice(2));
}
