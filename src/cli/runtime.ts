/**
 * Builds the running graph shared by the cockpit, `snapshot` and `doctor`:
 * config → (demo simulators) → connectors → scheduler store.
 */
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { type LoadedConfig, xdgStateDir } from '../config/load.js';
import { panelSettingsFromConfig } from '../config/panel-settings.js';
import { SecretRegistry } from '../config/redact.js';
import { resolveSecret } from '../config/secrets.js';
import { plainSecretValues } from '../config/validate.js';
import { startIsolatedConnectors } from '../host/inspect.js';
import type { ConnectorPort } from '../host/port.js';
import type { ConnectorEntry } from '../host/start.js';
import type { ClockSpec } from '../host/worker/protocol.js';
import { STREAMS, type StreamName } from '../plugin-api/index.js';
import type { CockpitStore } from '../store/scheduler.js';
import { createCockpitStore } from '../store/scheduler.js';
import { AUDIT_PATH_FIX, checkAuditPath } from './audit-file.js';
import { createAppender, createLogger } from './files.js';
import { createPollLog } from './poll-log.js';
import { VERSION } from './version.js';

export interface RuntimeOptions {
  config: LoadedConfig;
  /** Config file the settings came from; relative plugin paths resolve against its folder. */
  configFile: string | null;
  demo: boolean;
  readOnly: boolean;
  seed?: number;
  speed?: number;
  warnings?: string[];
  env?: NodeJS.ProcessEnv;
  /** Start connector workers only when `launch()` is called (the cockpit: after its first frame). */
  deferWorkers?: boolean;
}

export interface Runtime {
  store: CockpitStore;
  ports: readonly ConnectorPort[];
  /** Epoch ms; the demo world's accelerated clock when in demo mode. */
  clock: { now(): number };
  /** The log file, namespaced by source (the UI logs render errors as `ui`). */
  logger: ReturnType<typeof createLogger>;
  /** Start the connector workers (only needed with `deferWorkers`; later calls do nothing). */
  launch(): void;
  /** Resolves when every connector's worker has set it up or been refused (doctor, plugin list). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Demo poll intervals: fast enough to watch the world move, slow enough to read. */
const DEMO_INTERVALS: Partial<Record<StreamName, number>> = {
  incidents: 3_000,
  oncall: 10_000,
  policies: 60_000,
  services: 60_000,
  slas: 5_000,
  hosts: 10_000,
  monitors: 5_000,
  slos: 10_000,
};

function intervalsFrom(connectors: Record<string, ConnectorEntry>, demo: boolean) {
  const out: Record<string, Partial<Record<StreamName, number>>> = {};
  for (const [name, entry] of Object.entries(connectors)) {
    const poll = entry.pollSeconds as number | Partial<Record<StreamName, number>> | undefined;
    const base: Partial<Record<StreamName, number>> = demo ? { ...DEMO_INTERVALS } : {};
    if (typeof poll === 'number') {
      for (const s of Object.keys(STREAMS) as StreamName[]) base[s] = poll * 1000;
    } else if (poll) {
      for (const [s, v] of Object.entries(poll)) if (typeof v === 'number') base[s as StreamName] = v * 1000;
    }
    out[name] = base;
  }
  return out;
}

/** The clock plugins see, rebuilt in each worker: the demo world's accelerated one, or real time. */
function clockSpec(clock: { now(): number; speed?: number }): ClockSpec {
  if (typeof clock.speed !== 'number') return { kind: 'real' };
  return {
    kind: 'sim',
    simNow: clock.now(),
    realAt: performance.timeOrigin + performance.now(),
    speed: clock.speed,
  };
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env;
  const { config } = options;
  const redactor = new SecretRegistry();
  const dir = xdgStateDir(env);
  const appendLog = createAppender(config.log.path ?? join(dir, 'itops.log'));
  // Lines are queued in order; stop() waits for the last one (each is deadline-bound), or a
  // short-lived `snapshot`/`doctor` exited before its log lines reached the file.
  let lastLog: Promise<unknown> = Promise.resolve();
  const logger = createLogger(
    (line) => {
      const write = appendLog(line);
      lastLog = write.catch(() => {});
      return write;
    },
    (t) => redactor.redact(t),
  );
  const auditPath = config.audit.path ?? join(dir, 'audit.jsonl');
  // Flushed to disk before a request leaves, refused on anything but a regular file, bounded in time.
  const audit = createAppender(auditPath, { sync: true, regularOnly: true, deadlineMs: 2_000 });
  const auditProblem = options.readOnly || config.readOnly ? null : await checkAuditPath(auditPath);
  const baseDir = options.configFile ? dirname(options.configFile) : process.cwd();

  let connectors = config.connectors as Record<string, ConnectorEntry>;
  let clock: { now(): number } = { now: () => Date.now() };
  let closeSims: (() => Promise<void>) | undefined;
  if (options.demo) {
    const { startDemo } = await import('./demo.js');
    const demo = await startDemo({ seed: options.seed, speed: options.speed, stateDir: dir });
    connectors = demo.connectors;
    clock = demo.clock;
    closeSims = demo.close;
  }

  // Plain-text credentials are secrets whether or not a plugin ever resolves them: a plugin that
  // reads `token:` straight from its config could still print it. (Each connector's worker
  // registers its own entry's plain values too; this registry redacts again on this thread.)
  for (const plain of plainSecretValues({ connectors })) redactor.register(plain.value);

  // Each connector runs in its own worker thread; the ports exist at once and set up in the
  // background, so the first frame never waits for a plugin.
  let trouble: (instance: string, level: 'warn' | 'error', message: string) => void = () => {};
  let launch = () => {};
  const launched = new Promise<void>((resolve) => {
    launch = resolve;
  });
  const { ports, refused } = await startIsolatedConnectors(connectors, {
    hostVersion: VERSION,
    demo: options.demo,
    baseDir,
    clock: clockSpec(clock),
    http: {
      timeoutMs: config.http.timeoutMs,
      retries: config.http.retries,
      maxRetryAfterMs: config.http.maxRetryAfterMs,
      ...(config.http.proxy && !options.demo ? { proxy: config.http.proxy } : {}),
      ...(config.http.caFile ? { caFile: config.http.caFile } : {}),
      userAgent: `itops-tui/${VERSION}`,
    },
    // {command} secrets run in the config file's folder; every value is registered for redaction.
    resolveSecret: async (ref) => {
      try {
        return await resolveSecret(ref, { env, cwd: baseDir, registry: redactor });
      } catch (err) {
        // Plugins see only `message`: carry the reason and the fix, not just "cannot resolve".
        if (err instanceof ConfigError && err.issues.length > 0) {
          const detail = err.issues.map((i) => `${i.message}${i.fix ? ` Fix: ${i.fix}` : ''}`).join('; ');
          throw new Error(redactor.redact(detail));
        }
        throw err;
      }
    },
    redact: (text) => redactor.redact(text),
    pluginPaths: config.plugins.paths,
    pluginPackages: config.plugins.packages,
    pluginOverrides: config.plugins.override,
    logger,
    onTrouble: (instance, level, message) => trouble(instance, level, message),
    ...(options.deferWorkers ? { spawnAfter: launched } : {}),
    setupTimeoutMs: config.plugins.setupTimeoutSeconds * 1000,
    readTimeoutMs: config.plugins.readTimeoutSeconds * 1000,
    isolation: {
      memoryMb: config.plugins.memoryMb,
      maxRecords: config.plugins.maxRecordsPerStream,
      stuckMs: config.plugins.stuckSeconds * 1000,
    },
  });

  const actor = (() => {
    try {
      return userInfo().username;
    } catch {
      return env.USER ?? 'unknown';
    }
  })();
  const store = createCockpitStore({
    ports,
    refused,
    clock: { now: () => Date.now() },
    intervals: intervalsFrom(connectors, options.demo),
    actor,
    audit: (entry) => audit(redactor.redact(JSON.stringify(entry))),
    // Poll failures and recoveries go to the same log file as plugin messages (redacted there).
    onPoll: createPollLog(logger),
    state: {
      readOnly: options.readOnly || config.readOnly,
      demo: options.demo,
      settings: panelSettingsFromConfig(config),
      warnings: [
        ...(options.warnings ?? []),
        ...(auditProblem
          ? [`Writes are refused: the audit log cannot be written (${auditProblem}). ${AUDIT_PATH_FIX}`]
          : []),
      ],
      auditProblem,
    },
  });
  // Plugin trouble outside any poll (a crash, a stuck thread, dropped records) is said on screen
  // too, once per distinct message a minute, and always in the log.
  const said = new Map<string, number>();
  trouble = (_instance, level, message) => {
    const now = Date.now();
    if ((said.get(message) ?? 0) > now - 60_000) return;
    said.set(message, now);
    store.notify(level, message);
  };
  return {
    store,
    ports,
    clock,
    logger,
    launch: () => launch(),
    async settled() {
      await Promise.allSettled(ports.map((p) => p.ready));
    },
    async stop() {
      await store.stop();
      await closeSims?.();
      await lastLog;
    },
  };
}
