/**
 * `checkPlugin`: everything the cockpit's host would refuse, drop or suffer from a plugin,
 * found before a user does. It runs the plugin's setup, reads, actions, health and dispose
 * the way the host calls them and reports problems as data, so it works under any runner.
 */
import type { Incident } from '../../domain/model.js';
import {
  ACTION_SPECS,
  type ActionSpec,
  type Capability,
  KNOWN_CAPABILITIES,
  PLUGIN_BRAND,
  PLUGIN_ERROR_CODES,
  type Plugin,
  requiredMethods,
  STREAMS,
  type StreamName,
  SUPPORTED_API_VERSIONS,
} from '../index.js';
import { actionResultSchema, STREAM_SCHEMAS } from '../record-schemas.js';
import { createTestContext, type TestContext, type TestContextOptions } from './context.js';
import { type Watched, watchCall } from './watch.js';

export interface ContractProblem {
  /**
   * What failed: `brand`, `apiVersion`, `capabilities`, `config`, `setup`, `methods`,
   * `stream:<name>`, `action:<capability>`, `health`, `dispose`.
   */
  check: string;
  message: string;
}

export interface CheckOptions<C> extends TestContextOptions {
  config: C;
  /** Also call each read stream and validate the records (needs a reachable server). */
  callStreams?: boolean;
  /** Call `health()` and expect `{ok: true}`; defaults to `callStreams`. @experimental */
  callHealth?: boolean;
  /**
   * Run every declared action once, against `incident` or the first unresolved incident the
   * incidents stream returned. These are writes: point the check at a fixture server.
   * @experimental
   */
  callActions?: boolean | { incident?: Incident };
  /** Each call must settle within this many ms; default 15 000. @experimental */
  deadlineMs?: number;
  /** Longest event-loop stall tolerated in one call; default 1 000 ms. @experimental */
  maxBlockMs?: number;
}

/** Arguments the host passes to each action method (after the record, before the signal). */
const CHECK_NOTE = 'itops-tui contract check';
/** What a user would have entered for each standard action; the action table builds the arguments. */
const ACTION_VALUES: Record<string, Record<string, string | number>> = {
  'incidents.resolve': { text: CHECK_NOTE },
  'incidents.note': { text: CHECK_NOTE },
  'incidents.state': { state: 'in_progress' },
};

const KNOWN_CODES: ReadonlySet<string> = new Set(PLUGIN_ERROR_CODES);

/** Why a thrown value would reach the user as something other than what the plugin meant. */
function describeThrow(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (e?.name === 'PluginError' && typeof e.code === 'string') {
    return KNOWN_CODES.has(e.code)
      ? `threw PluginError ${e.code}: ${message}`
      : `threw PluginError with unknown code ${e.code} (the cockpit treats it as INTERNAL): ${message}`;
  }
  const kind = typeof e?.name === 'string' ? e.name : typeof error;
  return `threw ${kind}, not a PluginError (the cockpit reports it as INTERNAL): ${message}`;
}

/** Everything the host would refuse or drop, as a list. Empty list = the plugin passes. */
export async function checkPlugin<C, K extends Capability = Capability>(
  plugin: Plugin<Plugin['configSchema'], K>,
  options: CheckOptions<C>,
): Promise<ContractProblem[]> {
  const caps = plugin.capabilities as readonly string[];
  const problems: ContractProblem[] = [];
  let redact = (text: string) => text;
  // Problems quote what plugins threw; a report must not become the leak it describes.
  const fail = (check: string, message: string) => problems.push({ check, message: redact(message) });
  if (plugin?.$$type !== PLUGIN_BRAND) fail('brand', 'default export was not created with definePlugin()');
  if (!SUPPORTED_API_VERSIONS.includes(plugin?.apiVersion))
    fail('apiVersion', `unsupported ${plugin?.apiVersion}`);
  for (const c of caps) {
    if (!KNOWN_CAPABILITIES.has(c)) fail('capabilities', `unknown capability ${c}`);
  }
  const parsed = plugin.configSchema.safeParse(options.config);
  if (!parsed.success) {
    fail('config', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return problems;
  }
  const deadlineMs = options.deadlineMs ?? 15_000;
  const maxBlockMs = options.maxBlockMs ?? 1_000;
  const ctx = createTestContext(parsed.data, options);
  redact = ctx.redact;

  /** Run one call and report deadline, blocking, output and leaked secrets under `check`. */
  const call = async <T>(
    check: string,
    label: string,
    fn: (s: AbortSignal) => Promise<T> | T,
    // The connector object setup() returns stays with the host; only what its methods return is shown.
    scanValue = true,
  ) => {
    const seen = ctx.logEntries.length;
    const w: Watched<T> = await watchCall(fn, { deadlineMs });
    if (!w.settled)
      fail(check, `${label} did not settle within ${deadlineMs} ms (the host gives up and aborts it)`);
    if (w.blockedMs > maxBlockMs)
      fail(
        check,
        `${label} blocked the event loop for ${w.blockedMs} ms (limit ${maxBlockMs} ms): use async IO`,
      );
    if (w.output.length > 0)
      fail(
        check,
        `${label} wrote to the terminal (${JSON.stringify(w.output[0]!.slice(0, 80))}): use ctx.log`,
      );
    const said = [
      w.threw ? describeThrow(w.error) : '',
      w.settled && !w.threw && scanValue ? safeJson(w.value) : '',
      ...ctx.logEntries.slice(seen).map((l) => `${l.msg} ${safeJson(l.data ?? '')}`),
    ].join('\n');
    if (ctx.redact(said) !== said)
      fail(check, `${label} let a secret or credential through in what it returned, threw or logged`);
    return w;
  };

  const setup = await call('setup', 'setup()', () => plugin.setup(ctx as never), false);
  if (!setup.settled) return problems;
  if (setup.threw) {
    fail('setup', describeThrow(setup.error));
    return problems;
  }
  const connector = setup.value as unknown as Record<string, unknown> | undefined;
  if (!connector || typeof connector !== 'object') {
    fail(
      'setup',
      `setup() returned ${connector === null ? 'null' : typeof connector}, not a connector object`,
    );
    return problems;
  }
  for (const m of requiredMethods(caps)) {
    if (typeof connector[m] !== 'function') fail('methods', `missing ${m}()`);
  }
  const method = (name: string) => connector[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
  const incidents: Incident[] = [];

  if (options.callStreams) {
    for (const [name, spec] of Object.entries(STREAMS) as [StreamName, (typeof STREAMS)[StreamName]][]) {
      const fn = method(spec.method);
      if (!caps.includes(spec.capability) || typeof fn !== 'function') continue;
      const check = `stream:${name}`;
      const w = await call(check, `${spec.method}()`, (s) => fn.call(connector, s));
      if (!w.settled) continue;
      if (w.threw) {
        fail(check, `${spec.method}() ${describeThrow(w.error)}`);
        continue;
      }
      if (!Array.isArray(w.value)) {
        fail(check, `${spec.method}() did not return an array`);
        continue;
      }
      w.value.forEach((r, i) => {
        const res = STREAM_SCHEMAS[name].safeParse({ ...(r as object), source: ctx.instance });
        if (!res.success) {
          const issue = res.error.issues[0];
          fail(check, `[${i}].${issue?.path.join('.')}: ${issue?.message}`);
        } else if (name === 'incidents') incidents.push(res.data as Incident);
      });
    }
  }

  if (options.callActions) {
    const given = typeof options.callActions === 'object' ? options.callActions.incident : undefined;
    const target = given ?? incidents.find((i) => i.status !== 'resolved');
    for (const [capability, spec] of Object.entries(ACTION_SPECS) as [string, ActionSpec][]) {
      const name = spec.method;
      const fn = method(name);
      if (!caps.includes(capability) || typeof fn !== 'function') continue;
      const check = `action:${capability}`;
      if (!target) {
        fail(check, 'no incident to act on: read one with callStreams, or pass callActions: { incident }');
        continue;
      }
      // The table builds the whole argument list, record first, as the host does.
      const args = spec.args(target, ACTION_VALUES[capability] ?? {});
      const w = await call(check, `${name}()`, (s) => fn.call(connector, ...args, s));
      if (!w.settled) continue;
      if (w.threw) fail(check, `${name}() ${describeThrow(w.error)}`);
      else if (!actionResultSchema.safeParse(w.value).success)
        fail(check, `${name}() returned ${safeJson(w.value)}, not {ok: true, message}`);
    }
  }

  if (options.callHealth ?? options.callStreams) await checkHealth(connector, call, fail);
  await checkDispose(connector, call, fail);
  return problems;
}

type Call = <T>(check: string, label: string, fn: (s: AbortSignal) => Promise<T> | T) => Promise<Watched<T>>;

async function checkHealth(
  connector: Record<string, unknown>,
  call: Call,
  fail: (check: string, message: string) => void,
) {
  const health = connector.health as ((s: AbortSignal) => Promise<unknown>) | undefined;
  if (typeof health !== 'function') return;
  const w = await call('health', 'health()', (s) => health.call(connector, s));
  if (!w.settled) return;
  if (w.threw) {
    fail('health', `health() ${describeThrow(w.error)}; report trouble as {ok: false, detail}`);
    return;
  }
  const h = w.value as { ok?: unknown; detail?: unknown } | undefined;
  if (typeof h?.ok !== 'boolean' || typeof h.detail !== 'string')
    fail('health', `health() returned ${safeJson(h)}, not {ok: boolean, detail: string}`);
  else if (!h.ok) fail('health', `health() says not ok: ${h.detail}`);
}

async function checkDispose(
  connector: Record<string, unknown>,
  call: Call,
  fail: (check: string, message: string) => void,
) {
  const dispose = connector.dispose as (() => Promise<unknown>) | undefined;
  if (dispose === undefined) return;
  if (typeof dispose !== 'function') {
    fail('dispose', 'dispose is not a function');
    return;
  }
  const w = await call('dispose', 'dispose()', () => dispose.call(connector));
  if (w.threw) fail('dispose', `dispose() ${describeThrow(w.error)}`);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export type { TestContext };
