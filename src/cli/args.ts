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
  /** `wall --rotate 20s`: seconds per page. */
  rotateSeconds?: number;
  /** `auth set NAME` / `auth delete NAME`. */
  auth?: { action: 'set' | 'delete'; name: string };
  /** `plugin new NAME [--dir DIR]` / `plugin list`. */
  plugin?: { action: 'new'; name: string; dir?: string } | { action: 'list' };
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `itops-tui — terminal operations cockpit

Usage
  itops-tui [run] [options]        open the cockpit (needs a terminal)
  itops-tui wall [options]         read-only wall view for a spare screen: large figures, rotating pages
  itops-tui snapshot --json        poll every connector once, print the panels as JSON
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
  --rotate TIME       wall: time per page, e.g. 20s, 1m (default 20s, or wall.rotateSeconds)
  --json              snapshot: JSON output (the default and only format today); plugin list: JSON
  --dir DIR           plugin new: create the package folder in DIR (default: the current folder)

Environment
  NO_COLOR            disable colour
  ITOPS_CONFIG        same as --config
  XDG_CONFIG_HOME / XDG_STATE_HOME   where config is looked up / logs and the audit trail go

Exit codes (the same meaning in every command; the cockpit exits 0 on quit, 128+n on a signal)
  0  ok
  1  internal error (a bug: please report the message)
  2  the config file or the command line is wrong; every problem is listed, with its line
  3  the config is valid but a connector failed (could not start, credentials refused, poll failed)`;

const OPTIONS = [
  'demo',
  'config',
  'read-only',
  'json',
  'ascii',
  'seed',
  'speed',
  'rotate',
  'dir',
  'help',
  'version',
];

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
        ascii: { type: 'boolean' },
        seed: { type: 'string' },
        speed: { type: 'string' },
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
  const args: CliArgs = {
    command,
    demo: Boolean(values.demo),
    readOnly: Boolean(values['read-only']),
    json: Boolean(values.json),
    ascii: Boolean(values.ascii),
  };
  if (config) args.config = config;
  if (auth) args.auth = auth;
  if (plugin) args.plugin = plugin;
  const seed = positiveNumber('seed', values.seed as string | undefined);
  if (seed !== undefined) args.seed = Math.floor(seed);
  const speed = positiveNumber('speed', values.speed as string | undefined);
  if (speed !== undefined) args.speed = speed;
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
