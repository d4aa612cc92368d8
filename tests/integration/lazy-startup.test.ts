/**
 * Issue 10, item 4: `--version` and `--help` answer before anything else loads, and each command
 * loads only what it uses. Shown by tracing what the built CLI loads (a module hook preloaded with
 * `--import`, tests/fixtures/cli/trace-loads.mjs), never by timing: the machine may be busy.
 * The bundle keeps esbuild's `// path` comments, so a loaded chunk says whose code it carries.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from '../helpers/pty.js';

const hook = fileURLToPath(new URL('../fixtures/cli/trace-loads.mjs', import.meta.url));

interface Trace {
  stdout: string;
  /** Files of the bundle that were loaded, with their text. */
  files: { url: string; text: string }[];
  /** Node's internal module list (builtins and what they pulled in). */
  internal: string[];
}

function traced(args: string[], env: NodeJS.ProcessEnv = {}): Trace {
  const dir = mkdtempSync(join(tmpdir(), 'itops-trace-'));
  const file = join(dir, 'trace.json');
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, ...rest } = process.env;
  let stdout = '';
  try {
    stdout = execFileSync(process.execPath, ['--import', hook, CLI, ...args], {
      encoding: 'utf8',
      env: { ...rest, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir, ITOPS_TRACE_FILE: file, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (err) {
    // A non-zero exit still leaves its trace (written on exit).
    stdout = String((err as { stdout?: string }).stdout ?? '');
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { urls: string[]; internal: string[] };
  const files = raw.urls
    .filter((u) => u.startsWith('file:') && u.includes('/dist/'))
    .map((url) => ({ url, text: readFileSync(fileURLToPath(url), 'utf8') }));
  return { stdout, files, internal: raw.internal };
}

/** Source paths (from esbuild's comments) of the code a trace loaded. */
const carried = (t: Trace) =>
  t.files.flatMap((f) =>
    [...f.text.matchAll(/^\/\/ ((?:src|node_modules|plugins)\/\S+)$/gm)].map((m) => m[1]!),
  );
/** Ink, React and the cockpit's components (config checking uses the keymap's plain modules). */
const ui = (paths: string[]) =>
  paths.filter(
    (p) => /^src\/ui\/.*\.tsx$/.test(p) || /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(p),
  );

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe('what each command loads', () => {
  it('--version and --help: the small bin and its few chunks, nothing of the cockpit', () => {
    for (const flag of ['--version', '--help']) {
      const t = traced([flag]);
      expect(t.stdout).toMatch(
        flag === '--version' ? /^itops-tui \d+\.\d+\.\d+\n$/ : /^itops-tui — terminal operations cockpit/,
      );
      const paths = carried(t);
      // The entry, the usage text and the version, and what those two need.
      expect(paths).toContain('src/cli/entry.ts');
      expect(
        paths.filter((p) => !/^src\/cli\/(entry|args|version)\.ts$|^src\/config\/did-you-mean\.ts$/.test(p)),
      ).toEqual([]);
      expect(t.files.reduce((n, f) => n + f.text.length, 0)).toBeLessThan(20_000);
      expect(t.internal.filter((m) => /undici/.test(m))).toEqual([]);
    }
  });

  it('doctor without a config: no terminal UI, no simulators, no undici', () => {
    const t = traced(['doctor']);
    const paths = carried(t);
    expect(paths).toContain('src/cli/doctor.ts');
    expect(ui(paths)).toEqual([]);
    expect(paths.filter((p) => p.startsWith('src/sim/'))).toEqual([]);
    expect(t.internal.filter((m) => /undici/.test(m))).toEqual([]);
  });

  it('snapshot --demo: simulators and connectors, but no terminal UI, and node:http without undici', () => {
    const t = traced(['snapshot', '--json', '--demo']);
    expect(JSON.parse(t.stdout)).toHaveProperty('panels');
    const paths = carried(t);
    expect(paths.some((p) => p.startsWith('src/sim/'))).toBe(true);
    expect(ui(paths)).toEqual([]);
    // The simulators serve over node:http on this thread; importing it as ESM would load undici.
    expect(t.internal).toContain('NativeModule http');
    expect(t.internal.filter((m) => /undici/.test(m))).toEqual([]);
  });
});
