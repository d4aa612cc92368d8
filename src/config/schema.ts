/**
 * The config file's shape. This layer checks only what the app itself owns;
 * each connector's plugin-specific keys pass through here and are checked, in the
 * same pass, against that plugin's own `configSchema` (src/host/check.ts). Keys
 * these objects do not declare are reported as errors by strict-keys.ts.
 *
 * Custom messages below are written as fixes: `formatConfigError` prints them
 * after "Fix:".
 */
import { z } from 'zod';
import type { SecretRef } from '../domain/model.js';
import { PLUGIN_PACKAGE_NAME } from './plugin-names.js';

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 };

/** Milliseconds in a duration such as `90m`, `24h`, `7d`; throws on anything else. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 30m, 24h, 7d)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

const duration = z
  .string()
  .regex(DURATION, { error: 'write a number followed by s, m, h, d or w, e.g. 24h or 7d.' })
  // zod keeps running checks after a failed regex, so this one must not throw.
  .refine((v) => !DURATION.test(v) || parseDuration(v) > 0, {
    error: 'use a duration longer than zero, e.g. 24h.',
  });

/** A secret reference: plain text, `{env: VAR}`, `{command: "..."}` or `{keychain: name}`. */
export const secretRefSchema: z.ZodType<SecretRef, unknown> = z.union(
  [
    z.string().min(1),
    // YAML reads `token: 12345` as a number: a plain-text secret all the same.
    z
      .number()
      .refine(Number.isFinite)
      .transform((n) => String(n)),
    z.strictObject({
      env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'use an environment variable name like PD_TOKEN.' }),
    }),
    z.strictObject({
      command: z.string().min(1),
      passEnv: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'list environment variable names like GNUPGHOME.' }),
        )
        .optional(),
    }),
    z.strictObject({ keychain: z.string().min(1) }),
  ],
  { error: 'use a string, {env: VAR}, {command: "...", passEnv: [VAR]} or {keychain: name}.' },
);

const seconds = z.number().positive({ error: 'use a number of seconds above 0, e.g. 15.' });

/** Keys the app reads on every connector; everything else belongs to the plugin. */
export const connectorSchema = z.looseObject({
  /** Built-in plugin id (`pagerduty`, `servicenow`, `crowdstrike`, `datadog`) or a path to a plugin module. */
  plugin: z
    .string({ error: 'add plugin: pagerduty (or servicenow, crowdstrike, datadog, or a path).' })
    .min(1),
  /** Disabled connectors stay in the file but are not started. */
  enabled: z.boolean().default(true),
  /** Poll interval in seconds: one number for every stream, or per stream (`incidents: 15`). */
  pollSeconds: z
    .union([seconds, z.record(z.string(), seconds)], {
      error: 'use a number of seconds, or a mapping like {incidents: 15, oncall: 300}.',
    })
    .optional(),
});

const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const minutes = z.number().positive({ error: 'use a number of minutes above 0.' });

/** Priority targets have no defaults: when set, both numbers are required. */
const slaTarget = z
  .object({
    /** Minutes until an open item must be acknowledged / responded to. */
    ackMinutes: minutes,
    /** Minutes until it must be resolved. */
    resolveMinutes: minutes,
  })
  .superRefine(checkOrder);

/** Urgency targets fill whichever number the user left out. */
function urgencyTarget(ackMinutes: number, resolveMinutes: number) {
  return z
    .object({ ackMinutes: minutes.default(ackMinutes), resolveMinutes: minutes.default(resolveMinutes) })
    .superRefine(checkOrder)
    .prefault({});
}

function checkOrder(t: { ackMinutes: number; resolveMinutes: number }, ctx: z.RefinementCtx): void {
  if (t.resolveMinutes < t.ackMinutes)
    ctx.addIssue({
      code: 'custom',
      path: ['resolveMinutes'],
      message: `resolveMinutes (${t.resolveMinutes}) is shorter than ackMinutes (${t.ackMinutes})`,
      params: { fix: 'make resolveMinutes at least as long as ackMinutes.' },
    });
}

const slaSchema = z.object({
  targets: z
    .object({
      high: urgencyTarget(5, 240),
      low: urgencyTarget(30, 1440),
      // A priority target, when set, wins over the urgency target.
      P1: slaTarget.optional(),
      P2: slaTarget.optional(),
      P3: slaTarget.optional(),
      P4: slaTarget.optional(),
      P5: slaTarget.optional(),
    })
    .prefault({}),
  /** An item is "at risk" when less than this share of its window remains. */
  atRiskShare: z
    .number()
    .gt(0, { error: 'use a share between 0 and 1, e.g. 0.25.' })
    .lt(1, { error: 'use a share between 0 and 1, e.g. 0.25.' })
    .default(0.25),
});

const panelsSchema = z.object({
  queue: z
    .object({
      /** Window for MTTA/MTTR and trends. */
      window: duration.default('24h'),
      /** Connector instance names to include; absent or empty means all. */
      sources: z.array(z.string()).default([]),
    })
    .prefault({}),
  oncall: z
    .object({
      /** Escalation policies (name or id) to show; empty means all. */
      policies: z.array(z.string()).default([]),
      /** Also show who is on call next. */
      showNext: z.boolean().default(true),
    })
    .prefault({}),
  sla: slaSchema.prefault({}),
  compliance: z
    .object({
      /** A host not seen for longer than this many days is non-compliant (exactly N days passes). */
      maxLastSeenDays: z.number().int().positive().default(7),
      /** Oldest acceptable sensor version (`7.18.18811`); absent = compare with the host's sensor-update policy. */
      minSensorVersion: z
        .string()
        .regex(/^\d+(\.\d+)*$/, { error: 'write a dotted version such as 7.18.18811.' })
        .optional(),
      /** Require each host to run its prevention policy's current settings (not pending). */
      requirePreventionPolicy: z.boolean().default(true),
      /** Tolerate hosts in reduced-functionality mode (the rule is off). */
      allowReducedFunctionality: z.boolean().default(false),
      /** Lowest acceptable Zero Trust Assessment score (0–100, 0 = off); unscored hosts are "unknown". */
      minZtaScore: z.number().int().min(0).max(100).default(50),
      /** Tags every host must carry, e.g. FalconGroupingTags/prod; empty = no tag rule. */
      requiredTags: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
});

/**
 * `correlation:`: how records of different sources are linked. `aliases` maps a canonical host,
 * CI or service name to other spellings of it; one spelling may belong to one name only.
 */
const correlationSchema = z.object({
  aliases: z
    .record(
      z.string().trim().min(1, { error: 'an alias group needs a name, e.g. payments-db.' }),
      z.array(z.string().trim().min(1, { error: 'an alias cannot be empty.' })).min(1, {
        error: 'list at least one other spelling, e.g. [pay-db-01, PAYDB01].',
      }),
    )
    .default({})
    .superRefine((aliases, ctx) => {
      const owner = new Map<string, string>();
      for (const [name, others] of Object.entries(aliases)) {
        for (const [i, o] of others.entries()) {
          const k = o.toLowerCase();
          const prior = owner.get(k);
          if (prior !== undefined && prior !== name)
            ctx.addIssue({
              code: 'custom',
              path: [name, i],
              message: `"${o}" is already an alias of "${prior}"`,
              params: { fix: `keep "${o}" under one name only.` },
            });
          owner.set(k, name);
        }
      }
    }),
});

const bindings = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
  error: 'use a key like "a" or a list like ["a", "shift+a"].',
});

const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'use an http:// or https:// URL, e.g. http://proxy.corp:3128.',
});

const packageName = z.string().regex(PLUGIN_PACKAGE_NAME, {
  error: 'plugin packages are named itops-plugin-<name> or @scope/itops-plugin-<name>.',
});

/** The whole config file. */
export const configSchema = z.object({
  /** Connector instances keyed by a name you choose (`pd-us`, `pd-eu`). */
  connectors: z
    .record(
      z.string().regex(INSTANCE_NAME, {
        error: 'connector names use letters, digits, - and _, starting with a letter or digit (e.g. pd-us).',
      }),
      connectorSchema,
    )
    .default({}),
  plugins: z
    .object({
      /**
       * Extra plugin modules to load, relative to the config file's folder. An entry may be
       * `{path, override: true}`: only then may its plugin id replace a built-in or another plugin.
       */
      paths: z
        .array(
          z.union(
            [
              z.string().min(1),
              z.strictObject({ path: z.string().min(1), override: z.boolean().default(false) }),
            ],
            { error: 'write a path (./my-plugin.js) or {path: ./my-plugin.js, override: true}.' },
          ),
        )
        .default([]),
      /** Installed npm plugin packages to load by name (`itops-plugin-*`, `@scope/itops-plugin-*`); `{name, override: true}` as above. */
      packages: z
        .array(
          z.union(
            [packageName, z.strictObject({ name: packageName, override: z.boolean().default(false) })],
            {
              error: 'write a package name (itops-plugin-acme) or {name: itops-plugin-acme, override: true}.',
            },
          ),
        )
        .default([]),
      /** Memory limit of each connector's worker thread (MB); past it the worker is stopped and restarted. */
      memoryMb: z.number().int().min(16).max(16_384).default(512),
      /** Records one stream may bring per poll; the rest are dropped with a warning. */
      maxRecordsPerStream: z.number().int().min(1).max(1_000_000).default(50_000),
      /** A connector whose thread stays blocked this long is stopped and restarted. */
      stuckSeconds: z.number().min(0.1).max(600).default(10),
      /** Deadline of one plugin's setup(). */
      setupTimeoutSeconds: z.number().min(0.1).max(600).default(10),
      /** Deadline of one whole read (every page of a stream). */
      readTimeoutSeconds: z.number().min(0.1).max(3_600).default(180),
    })
    .prefault({}),
  panels: panelsSchema.prefault({}),
  correlation: correlationSchema.prefault({}),
  ui: z
    .object({
      theme: z.enum(['dark', 'light', 'mono', 'high-contrast']).default('dark'),
      /** Clickable links (OSC 8): `auto` only in terminals known to draw them. */
      hyperlinks: z.enum(['auto', 'on', 'off']).default('auto'),
      /** Draw with ASCII only (for fonts/terminals without box drawing glyphs). */
      ascii: z.boolean().default(false),
      clock: z.enum(['24h', '12h']).default('24h'),
      /** A new triggered P1 or high-urgency incident (not at start): ring the bell, retitle the window. */
      attention: z
        .object({
          bell: z.boolean().default(true),
          title: z.boolean().default(true),
        })
        .prefault({}),
      /** Most frames a second the screen is redrawn (it is redrawn only when something changed). */
      maxFps: z.number().int().min(1).max(60).default(30),
      /**
       * Saved views for the `:` command line (`:view:<name>`): a panel with a filter and a sort.
       * Sort ids: queue `queue`/`sla`/`priority`/`age`/`service`; SLA risk `sla`/`priority`/`age`/`service`.
       */
      views: z
        .record(
          z.string().min(1).max(40),
          z.strictObject({
            panel: z.string().min(1),
            filter: z.string().max(500).optional(),
            sort: z.string().min(1).optional(),
          }),
        )
        .default({}),
    })
    .prefault({}),
  /** Command id → key binding(s); ids are checked by the key registry. */
  keys: z.record(z.string(), bindings).default({}),
  /** Refuse every write action (ack, escalate, contain…). */
  readOnly: z.boolean().default(false),
  http: z
    .object({
      /** Per-attempt request timeout. */
      timeoutMs: z.number().int().min(100).default(10_000),
      /** Retries after the first attempt on network errors, 429 and 5xx. */
      retries: z.number().int().min(0).max(10).default(2),
      /** Longest Retry-After the app waits inside one call. */
      maxRetryAfterMs: z.number().int().nonnegative().default(20_000),
      proxy: httpUrl.optional(),
      /** PEM bundle of extra CA certificates (TLS-inspecting proxies). */
      caFile: z.string().min(1).optional(),
    })
    .prefault({}),
  audit: z
    .object({
      /** JSONL audit log of actions; default under the XDG state dir. */
      path: z.string().min(1).optional(),
    })
    .prefault({}),
  log: z
    .object({
      path: z.string().min(1).optional(),
      level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    })
    .prefault({}),
  /** `itops-tui wall`: the read-only view for a screen nobody sits at. */
  wall: z
    .object({
      /** Seconds each page shows before the next (`--rotate` overrides). */
      rotateSeconds: z.number().min(3).max(3_600).default(20),
      /** Call a panel's data stale past this age; unset: twice its poll interval, as the cockpit does. */
      staleSeconds: z.number().min(1).max(86_400).optional(),
      /** Most frames a second on the wall: a clock and countdowns need no more. */
      maxFps: z.number().int().min(1).max(60).default(4),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
/** What a user may write (everything optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type ConnectorConfig = z.output<typeof connectorSchema>;
export type PanelsConfig = Config['panels'];
export type SlaTargets = Config['panels']['sla']['targets'];
export type SlaTargetConfig = SlaTargets['high'];
export type ComplianceConfig = Config['panels']['compliance'];
export type UiConfig = Config['ui'];
export type HttpConfig = Config['http'];
export type LogLevel = Config['log']['level'];

/** Every default, as an empty file would load. */
export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze(configSchema.parse({}));

/** Top-level keys, for did-you-mean on unknown keys. */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(configSchema.shape);

/** Key names that usually hold a credential; used to warn about plain-text values. */
export const SECRET_KEY_HINT = /(token|secret|password|apikey|appkey|api_key|app_key)$/i;
