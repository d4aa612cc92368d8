/**
 * `itops-tui doctor`: is the config valid, can each connector start, do its
 * credentials work? Built as a list of sections that each print their lines and
 * raise the exit code; add a section to check something new.
 */
import { ConfigError, formatIssue } from '../config/errors.js';
import { configSearchLocations, type LoadedConfig } from '../config/load.js';
import type { ConnectorPort } from '../host/port.js';
import type { ConnectorState } from '../store/types.js';
import { clockTime } from '../ui/text/time.js';
import { statsParagraphs } from '../ui/view/stats-text.js';
import type { CliArgs } from './args.js';
import { doctorAuditCheck } from './audit-file.js';
import { checkConfig } from './check-config.js';
import { EXIT } from './exit-codes.js';
import { startRuntime } from './runtime.js';

/** Collects doctor's output and the worst exit code seen so far. */
export class DoctorReport {
  code: number = EXIT.ok;
  constructor(private readonly write: (line: string) => void) {}
  ok(line: string): void {
    this.write(`✓ ${line}`);
  }
  warn(line: string): void {
    this.write(`! ${line}`);
  }
  /** A failed check; the exit code becomes the most serious seen (config 2 wins over connector 3: fix it first). */
  fail(line: string, code: number): void {
    this.write(`✗ ${line}`);
    if (this.code === EXIT.ok || code === EXIT.config) this.code = code;
  }
  detail(line: string): void {
    this.write(`    ${line}`);
  }
}

interface Usable {
  config: LoadedConfig;
  file: string | null;
}

/** The config, checked in one pass. Returns the config when it is usable. */
async function configSection(args: CliArgs, report: DoctorReport): Promise<Usable | undefined> {
  let checked: Awaited<ReturnType<typeof checkConfig>>;
  try {
    checked = await checkConfig({ ...(args.config ? { configPath: args.config } : {}), demo: args.demo });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The file could not be read or parsed: nothing else can be judged.
    report.fail(err.message.split('\n')[0]!, EXIT.config);
    for (const line of err.message.split('\n').slice(1)) report.detail(line.trim());
    return undefined;
  }
  if (!checked.file && !args.demo) {
    report.fail('no config file found. Looked in:', EXIT.config);
    for (const p of configSearchLocations(process.env)) report.detail(p);
    report.detail('Create one from config.example.yml, or run with --demo.');
    return undefined;
  }
  const where = checked.file ?? '(no file; defaults)';
  if (checked.errors.length > 0) {
    const n = checked.errors.length;
    report.fail(`config ${where}: ${n} problem${n === 1 ? '' : 's'}`, EXIT.config);
    for (const issue of checked.errors) report.detail(formatIssue(issue).trim());
  } else report.ok(`config ${where}`);
  for (const w of checked.warnings) report.warn(w);
  return checked.config ? { config: checked.config, file: checked.file } : undefined;
}

/** Start each connector read-only and ask it whether its credentials work. */
async function connectorSection(
  args: CliArgs,
  config: LoadedConfig,
  file: string | null,
  report: DoctorReport,
) {
  const runtime = await startRuntime({ config, configFile: file, demo: args.demo, readOnly: true });
  try {
    // Connectors set up in their own threads: wait until each is up or refused.
    await runtime.settled();
    for (const r of runtime.store.getState().refused) {
      report.fail(
        `${r.instance} (${r.plugin}): ${r.reason}`,
        r.code === 'PLUGIN_CONFIG' ? EXIT.config : EXIT.connector,
      );
    }
    // One read of every stream, as the cockpit's first poll does, so the stats below say what
    // polling costs (requests, rate-limit budget, timings) and what it drops.
    // Bounded: a vendor that never answers must not hold doctor for the read deadline (180 s).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      runtime.store.firstLoad(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DOCTOR_READ_MS);
        timer.unref?.();
      }),
    ]);
    clearTimeout(timer);
    const state = runtime.store.getState();
    for (const port of runtime.ports) {
      if (!runtime.store.getState().connectors[port.instance]) continue; // refused above
      try {
        const h = await port.health();
        if (h.ok) report.ok(`${port.instance} (${port.pluginId}): ${h.detail}`);
        else report.fail(`${port.instance} (${port.pluginId}): ${h.detail}`, EXIT.connector);
      } catch (err) {
        report.fail(`${port.instance} (${port.pluginId}): ${(err as Error).message}`, EXIT.connector);
      }
      connectorDetails(port, state.connectors[port.instance]?.streams ?? {}, report);
    }
  } finally {
    await runtime.stop();
  }
}

/** How long doctor waits for every stream's first read before reporting what it has. */
const DOCTOR_READ_MS = 30_000;

/** Each stream's first read, then the connector's stats, as detail lines under its health line. */
function connectorDetails(port: ConnectorPort, streams: ConnectorState['streams'], report: DoctorReport) {
  for (const s of Object.values(streams)) {
    if (!s) continue;
    if (s.fetchedAt === null && !s.error)
      report.detail(
        `${s.name}: no answer within ${DOCTOR_READ_MS / 1000} s (still waiting when doctor stopped)`,
      );
    else if (s.error)
      report.detail(`${s.name}: read failed (${s.errorCode ?? 'INTERNAL'}): ${s.errorDetail ?? s.error}`);
    else report.detail(`${s.name}: read ${s.records.length} record${s.records.length === 1 ? '' : 's'}`);
  }
  for (const p of statsParagraphs(port.stats(), Date.now(), clockTime)) report.detail(p.text);
}

export async function runDoctor(args: CliArgs): Promise<number> {
  const report = new DoctorReport((line) => process.stdout.write(`${line}\n`));
  const usable = await configSection(args, report);
  // Connectors are only contacted with a valid config: a half-read one could point them anywhere.
  if (!usable) return report.code;
  // A cockpit that may write refuses every write while its audit trail is unwritable: a config error.
  const audit = await doctorAuditCheck(usable.config);
  if (audit.line && audit.ok) report.ok(audit.line.replace(/^✓ /, ''));
  else if (audit.line) report.fail(audit.line.replace(/^✗ /, ''), EXIT.config);
  await connectorSection(args, usable.config, usable.file, report);
  return report.code;
}
