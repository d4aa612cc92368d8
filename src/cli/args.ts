import { parseArgs } from 'node:util';
import { didYouMean } from '../config/did-you-mean.js';

export type Subcommand =
  | 'run'
  | 'wall'
  | 'snapshot'
  | 'doctor'
  | 'sim'
  | 'auth'
  | 'plugin'
  | 'help'
  | 'version';

export interface CliArgs {
  command: Subcommand;
  demo: boolean;
  config?: string;
  readOnly: boolean;
  json: boolean;
  ascii: boolean;
  seed?: number;
  speed?: number;
  /** Hosts in the demo's simulated endpoint fleet (`--hosts`, with --demo or sim). */
  hosts?: number;
  /** `wall --rotate 20s`: seconds per page. */
  rotateSeconds?: number;
  /** `auth set NAME` / `auth delete NAME`. */
  auth?: { action: 'set' | 'delete'; name: string };
  /** `plugin new NAME [--dir DIR]` / `plugin list`. */
  plugin?: { action: 'new'; name: string; dir?: string } | { action: 'list' };
  /** `snapshot`: which format (`--json` is the default). */
  format: 'json' | 'text' | 'markdown';
  /** `snapshot --since`: how far back "what changed" looks, ms. */
  sinceMs: number;
  /** `snapshot --fail-on`: conditions that make the exit code 4. */
  failOn: FailOn[];
  /** `--theme`: the cockpit's colours (overrides `ui.theme` in config). */
  theme?: ThemeName;
}

/** The simulated fleet's ceiling (src/sim's MAX_FLEET; not imported: this file is in the 1 KB bin). */
export const MAX_DEMO_HOSTS = 100_000;
/** What `--fail-on` can test (see docs/snapshot.md). */
export type FailOn = 'breach' | 'critical' | 'stale';
export const FAIL_ON: readonly FailOn[] = ['breach', 'critical', 'stale'];
/** The same names as config `ui.theme`. */
export type ThemeName = 'dark' | 'light' | 'mono' | 'high-contrast';
export const THEMES: readonly ThemeName[] = ['dark', 'light', 'mono', 'high-contrast'];
/** The window `snapshot --since` defaults to: one shift. */
export const DEFAULT_SINCE_MS = 8 * 3_600_000;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `itops-tui — terminal operations cockpit

Usage
  itops-tui [run] [options]        open the cockpit (needs a terminal)
  itops-tui wall [options]         read-only wall view for a spare screen: large figures, rotating pages
  itops-tui snapshot --json        poll every connector once, print the panels as JSON
  itops-tui snapshot --text        the same as a shift report for a terminal or an e-mail
  itops-tui snapshot --markdown    the same as a shift report to paste into chat or a ticket
  itops-tui doctor                 check config and each connector's credentials
  itops-tui sim                    run the demo vendor simulators and print their URLs
  itops-tui auth set NAME          store a secret in the OS keychain (read from stdin), for {keychain: NAME}
  itops-tui auth delete NAME       remove it
  itops-tui plugin list [--json]   each plugin (built-in, loaded, installed): version, source, capabilities, health
  itops-tui plugin new NAME [--dir DIR]
                                   scaffold a TypeScript plugin package itops-plugin-NAME (builds and tests as created)
  itops-tui help | --help          this text
  itops-tui --version

Options
  --demo              start loopback simulators of the vendor APIs and use them
  --config FILE       config file (default: searched, see docs/configuration.md)
  --read-only         refuse every write (acknowledge, escalate, …)
  --ascii             ASCII glyphs only (also when the locale is not UTF-8)
  --seed N            demo world seed (default 42)
  --speed N           demo clock speed, simulated seconds per real second (default 60)
  --hosts N           demo endpoint fleet size, 1 to 100000 (default 240): try the cockpit at scale
  --rotate TIME       wall: time per page, e.g. 20s, 1m (default 20s, or wall.rotateSeconds)
  --theme NAME        cockpit colours: dark (default), light, mono or high-contrast (config ui.theme)
  --json              snapshot: JSON (the default; schema in docs/snapshot.md); plugin list: JSON
  --format FORMAT     snapshot: json, text or markdown (the same as --json, --text, --markdown)
  --text, --markdown  snapshot: a shift report: open by priority, what breaches next, who is on
                      call, what changed, which sources were stale or down
  --since DURATION    snapshot: how far back "what changed" looks: 30m, 8h (default), 2d
  --fail-on LIST      snapshot: exit 4 when one holds (comma-separated, repeatable):
                        breach    an SLA is breached
                        critical  a P1 incident is open, or a policy has nobody on call
                        stale     a source is stale, down, not answering or not started
  --dir DIR           plugin new: create the package folder in DIR (default: the current folder)

Environment
  NO_COLOR            disable colour
  ITOPS_HYPERLINKS    1 or 0: clickable links (OSC 8) on or off whatever the terminal (config ui.hyperlinks)
  ITOPS_CONFIG        same as --config
  XDG_CONFIG_HOME / XDG_STATE_HOME   where config is looked up / logs and the audit trail go

Exit codes (the same meaning in every command; the cockpit exits 0 on quit, 128+n on a signal)
  0  ok
  1  internal error (a bug: please report the message)
  2  the config file or the command line is wrong; every problem is listed, with its line
  3  the config is valid but a connector failed (could not start, credentials refused, poll failed)
  4  snapshot --fail-on: a condition held (the report is still printed)`;

const OPTIONS = [
  'demo',
  'config',
  'read-only',
  'json',
  'text',
  'markdown',
  'since',
  'format',
  'fail-on',
  'theme',
  'ascii',
  'seed',
  'speed',
  'hosts',
  'rotate',
  'dir',
  'help',
  'version',
];

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `8h`, `1h30m`, `2d` → ms; a usage error that shows the accepted form otherwise. */
export function parseDuration(raw: string): number {
  const parts = [...raw.trim().matchAll(/(\d+(?:\.\d+)?)\s*([smhd])/gi)];
  const whole = parts.map((p) => p[0]).join('');
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!.toLowerCase()]!, 0);
  if (parts.length === 0 || whole.replace(/\s/g, '') !== raw.replace(/\s/g, '') || !(ms > 0))
    throw new UsageError(`--since expects a duration such as 30m, 8h or 2d, got "${raw}"`);
  return ms;
}

function failOnOf(raw: readonly string[]): FailOn[] {
  const out = new Set<FailOn>();
  for (const word of raw.flatMap((r) => r.split(',')).map((w) => w.trim().toLowerCase())) {
    if (!FAIL_ON.includes(word as FailOn)) {
      const guess = didYouMean(word, FAIL_ON);
      throw new UsageError(
        `--fail-on: unknown condition "${word}"${guess ? ` (did you mean ${guess}?)` : ''}; use ${FAIL_ON.join(', ')}`,
      );
    }
    out.add(word as FailOn);
  }
  return [...out];
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} expects a positive number, got "${raw}"`);
  return n;
}

/** "20s", "1m", "90" (seconds), "1m30s" → seconds; at least 3 s, at most an hour. */
export function parseSeconds(name: string, raw: string): number {
  const m = raw.trim().match(/^(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$/i);
  const total = m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : Number.NaN;
  if (!Number.isFinite(total) || total < 3 || total > 3_600)
    throw new UsageError(`--${name} expects a time from 3s to 60m, e.g. 20s or 1m; got "${raw}"`);
  return total;
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        demo: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        'read-only': { type: 'boolean' },
        json: { type: 'boolean' },
        text: { type: 'boolean' },
        markdown: { type: 'boolean' },
        since: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string', multiple: true },
        theme: { type: 'string' },
        ascii: { type: 'boolean' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        hosts: { type: 'string' },
        rotate: { type: 'string' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    // Node's parser explains "--" positional tricks; say plainly what was wrong instead.
    const raw = (err as Error).message;
    const option = raw.match(/Unknown option '([^']+)'/)?.[1];
    const guess = option?.startsWith('--') ? didYouMean(option.slice(2), OPTIONS) : undefined;
    const hint = guess ? ` (did you mean --${guess}?)` : '';
    const message = option ? `unknown option ${option}${hint}` : raw.split('. ')[0];
    throw new UsageError(`${message}\nRun "itops-tui --help" for usage.`);
  }
  const { values, positionals } = parsed;
  const first = positionals[0] ?? 'run';
  const commands: Subcommand[] = [
    'run',
    'wall',
    'snapshot',
    'doctor',
    'sim',
    'auth',
    'plugin',
    'help',
    'version',
  ];
  if (!commands.includes(first as Subcommand)) {
    const guess = didYouMean(first, commands);
    const hint = guess ? ` Did you mean "${guess}"?` : '';
    throw new UsageError(`unknown command "${first}".${hint} Commands: ${commands.join(', ')}.`);
  }
  let auth: CliArgs['auth'];
  let plugin: CliArgs['plugin'];
  if (values.rotate !== undefined && first !== 'wall') throw new UsageError('--rotate only goes with "wall"');
  if (values.dir !== undefined && first !== 'plugin')
    throw new UsageError('--dir only goes with "plugin new"');
  if (first === 'auth') {
    const [, action, name, extra] = positionals;
    if ((action !== 'set' && action !== 'delete') || !name || extra !== undefined) {
      throw new UsageError('usage: itops-tui auth set NAME | itops-tui auth delete NAME');
    }
    auth = { action, name };
  } else if (first === 'plugin') {
    plugin = pluginArgs(positionals.slice(1), values.dir as string | undefined);
  } else if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const command: Subcommand = values.help ? 'help' : values.version ? 'version' : (first as Subcommand);
  const config = (values.config as string | undefined) ?? env.ITOPS_CONFIG;
  const formats = (['json', 'text', 'markdown'] as const).filter((f) => values[f] === true);
  const named = values.format as string | undefined;
  if (named !== undefined) {
    const format = named.trim().toLowerCase().replace(/^md$/, 'markdown');
    if (format !== 'json' && format !== 'text' && format !== 'markdown')
      throw new UsageError(`--format: unknown format "${named}"; use json, text or markdown`);
    if (!formats.includes(format)) formats.push(format);
  }
  if (formats.length > 1)
    throw new UsageError(`choose one snapshot format: ${formats.map((f) => `--${f}`).join(' or ')}`);
  const reportOnly = ['text', 'markdown', 'format', 'since', 'fail-on'].filter(
    (o) => values[o] !== undefined,
  );
  if (reportOnly.length > 0 && first !== 'snapshot')
    throw new UsageError(`--${reportOnly[0]} only goes with "snapshot"`);
  const theme = values.theme as string | undefined;
  if (theme !== undefined && !THEMES.includes(theme as ThemeName)) {
    const guess = didYouMean(theme, THEMES);
    throw new UsageError(
      `--theme: unknown theme "${theme}"${guess ? ` (did you mean ${guess}?)` : ''}; use ${THEMES.join(', ')}`,
    );
  }
  const args: CliArgs = {
    command,
    demo: Boolean(values.demo),
    readOnly: Boolean(values['read-only']),
    json: Boolean(values.json),
    ascii: Boolean(values.ascii),
    format: formats[0] ?? 'json',
    sinceMs: values.since === undefined ? DEFAULT_SINCE_MS : parseDuration(values.since as string),
    failOn: failOnOf((values['fail-on'] as string[] | undefined) ?? []),
  };
  if (theme) args.theme = theme as ThemeName;
  if (config) args.config = config;
  if (auth) args.auth = auth;
  if (plugin) args.plugin = plugin;
  const seed = positiveNumber('seed', values.seed as string | undefined);
  if (seed !== undefined) args.seed = Math.floor(seed);
  const speed = positiveNumber('speed', values.speed as string | undefined);
  if (speed !== undefined) args.speed = speed;
  const hosts = values.hosts as string | undefined;
  if (hosts !== undefined) {
    const n = Number(hosts);
    if (!Number.isInteger(n) || n < 1 || n > MAX_DEMO_HOSTS)
      throw new UsageError(`--hosts expects a whole number from 1 to ${MAX_DEMO_HOSTS}, got "${hosts}"`);
    if (!args.demo && command !== 'sim')
      throw new UsageError('--hosts sizes the demo fleet: use it with --demo or "sim"');
    args.hosts = n;
  }
  if (values.rotate !== undefined) args.rotateSeconds = parseSeconds('rotate', values.rotate as string);
  return args;
}

const PLUGIN_USAGE = 'usage: itops-tui plugin list [--json] | itops-tui plugin new NAME [--dir DIR]';

function pluginArgs(rest: readonly string[], dir: string | undefined): NonNullable<CliArgs['plugin']> {
  const [action, name, extra] = rest;
  if (action === 'list' && name === undefined && dir === undefined) return { action: 'list' };
  if (action === 'new' && name && extra === undefined)
    return { action: 'new', name, ...(dir ? { dir } : {}) };
  if (action === 'new' && !name)
    throw new UsageError(`plugin new needs a name, e.g. itops-tui plugin new acme\n${PLUGIN_USAGE}`);
  const guess = action ? didYouMean(action, ['list', 'new']) : undefined;
  throw new UsageError(
    guess && guess !== action
      ? `unknown plugin command "${action}"; did you mean "${guess}"?\n${PLUGIN_USAGE}`
      : PLUGIN_USAGE,
  );
}
