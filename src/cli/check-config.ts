/**
 * The whole config checked in one pass, the same way for the cockpit, `snapshot`
 * and `doctor`: the app's own keys (config/), every connector against its plugin
 * (host/), key bindings against the key registry (ui/keys), and file-path settings
 * against the filesystem. This module composes them because only cli/ may import
 * all three layers. Every problem comes back at once, in file order, with a line.
 */

import { didYouMean } from '../config/did-you-mean.js';
import { type ConfigIssue, formatPath } from '../config/errors.js';
import { absolutize, type ConfigReport, inspectConfig, type LoadedConfig } from '../config/load.js';
import { checkPaths } from '../config/paths.js';
import { isPluginPackageName, pluginEntries } from '../config/plugin-names.js';
import { locateIssues } from '../config/positions.js';
import { configInvalid, formatWarning, sortIssues } from '../config/validate.js';
import { inspectConnectors } from '../host/inspect.js';
import type { CommandRegistry } from '../ui/keys/commands.js';
import { type KeymapIssue, keymapIssues, registryFor } from '../ui/keys/keymap.js';

export interface CheckConfigOptions {
  /** `--config FILE`. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** `--demo` supplies its own connectors, so a config without any is fine; no config is searched for. */
  demo: boolean;
  /** The user id config files must belong to (default `process.getuid()`); for tests. */
  uid?: number | undefined;
}

export interface CheckedConfig {
  file: string | null;
  /** Present only when there are no errors. */
  config?: LoadedConfig;
  /** Every problem, located and in file order. Any error means exit 2. */
  errors: ConfigIssue[];
  /** Worth showing, never fatal: renamed keys, plain-text secrets, unwritable default paths. */
  warnings: string[];
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `keys:` problem from the key registry, as a config issue with a did-you-mean for command ids. */
function keyIssue(k: KeymapIssue, registry: CommandRegistry): ConfigIssue {
  const base = { path: formatPath(k.path), keyPath: k.path };
  switch (k.kind) {
    case 'unknown-command': {
      const guess = didYouMean(k.unknownCommand ?? '', registry.ids);
      return {
        ...base,
        at: 'key',
        message: guess ? `${k.message}; did you mean "${guess}"?` : k.message,
        expected: 'a command id from docs/keyboard.md',
        fix: guess ? `rename it to ${guess}.` : 'see docs/keyboard.md for the command ids.',
        ...(guess ? { suggestion: guess } : {}),
      };
    }
    case 'conflict':
      return { ...base, message: k.message };
    default:
      return {
        ...base,
        message: k.message,
        expected: 'a key such as "a", "shift+e", "ctrl+c" or "pageup"',
        fix: 'see docs/keyboard.md for key names.',
      };
  }
}

/**
 * `keys:` against every command the cockpit will have: the base ones, focus keys, the standard
 * actions and the actions of the enabled connectors' plugins (theirs may also collide with ours).
 */
function keyIssues(input: unknown, registry: CommandRegistry): ConfigIssue[] {
  const keys = isMapping(input) && isMapping(input.keys) ? input.keys : {};
  return keymapIssues(keys, registry).issues.map((k) => keyIssue(k, registry));
}

function noConnectors(input: unknown): ConfigIssue {
  const written = isMapping(input) && isMapping(input.connectors) && Object.keys(input.connectors).length > 0;
  return {
    path: 'connectors',
    keyPath: ['connectors'],
    message: written
      ? 'no connector is enabled (every entry has enabled: false or is not in this release)'
      : 'no connectors are configured',
    fix: 'add one under connectors: (see config.example.yml), or try the simulators with --demo.',
  };
}

function pluginPaths(report: ConfigReport, env: NodeJS.ProcessEnv): string[] {
  return pluginEntries(report.input)
    .filter((e) => e.list === 'paths')
    .map((e) => absolutize(e.spec, report.baseDir, env)!);
}

function pluginPackages(input: unknown): string[] {
  // Names that break the convention are the schema's to report; only real candidates are looked up.
  return pluginEntries(input)
    .filter((e) => e.list === 'packages' && isPluginPackageName(e.spec))
    .map((e) => e.spec);
}

/** Entries that say `override: true` (absolute paths, package names). */
function pluginOverrides(report: ConfigReport, env: NodeJS.ProcessEnv): string[] {
  return pluginEntries(report.input)
    .filter((e) => e.override)
    .map((e) => (e.list === 'paths' ? absolutize(e.spec, report.baseDir, env)! : e.spec));
}

/**
 * Read and check the config. Throws ConfigError only when the file cannot be read
 * or parsed at all (nothing else can be checked then); every other problem is
 * returned in `errors`.
 */
export async function checkConfig(options: CheckConfigOptions): Promise<CheckedConfig> {
  const env = options.env ?? process.env;
  const report = await inspectConfig({
    ...(options.configPath ? { configPath: options.configPath } : {}),
    cwd: options.cwd ?? process.cwd(),
    env,
    // The demo reads a config only when one is named: a file in whatever folder the user
    // starts from must not add plugins or run commands in a "just try it" mode.
    search: !options.demo,
    ...('uid' in options ? { uid: options.uid } : {}),
  });
  // Third-party plugins are imported in a worker thread for this check, never on this one.
  const connectors = await inspectConnectors(report.input, {
    baseDir: report.baseDir,
    pluginPaths: pluginPaths(report, env),
    pluginPackages: pluginPackages(report.input),
    pluginOverrides: pluginOverrides(report, env),
  });
  const paths = await checkPaths(report.paths);
  const own = connectors.plugins.flatMap((p) => p.actions);
  const registry = registryFor(undefined, own);
  const errors = [
    ...report.errors,
    ...connectors.errors,
    ...keyIssues(report.input, registry),
    ...paths.errors,
  ];
  if (report.file && !options.demo && connectors.enabled.length === 0)
    errors.push(noConnectors(report.input));
  const located = sortIssues(locateIssues(errors, report.positions));
  const demoNote =
    options.demo && connectors.enabled.length > 0
      ? [
          `--demo: the connectors in ${report.file} (${connectors.enabled.join(', ')}) are not started; the demo simulators stand in for them.`,
        ]
      : [];
  const warnings = sortIssues(locateIssues([...report.warnings, ...paths.warnings], report.positions)).map(
    (w) => formatWarning(w, report.file),
  );
  return {
    file: report.file,
    errors: located,
    warnings: [...demoNote, ...warnings],
    ...(located.length === 0 && report.config ? { config: report.config } : {}),
  };
}

/** The checked config, or a ConfigError listing every problem (exit 2). */
export async function loadCheckedConfig(
  options: CheckConfigOptions,
): Promise<{ config: LoadedConfig; file: string | null; warnings: string[] }> {
  const checked = await checkConfig(options);
  if (!checked.config) throw configInvalid(checked.file, checked.errors);
  return { config: checked.config, file: checked.file, warnings: checked.warnings };
}
