/** `itops-tui doctor`: is the config valid, can each connector start, do its credentials work? */
import { configSearchLocations, loadConfig } from '../config/load.js';
import type { CliArgs } from './args.js';
import { doctorAuditCheck } from './audit-file.js';
import { startRuntime } from './runtime.js';

export async function runDoctor(args: CliArgs): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const loaded = await loadConfig({
    ...(args.config ? { configPath: args.config } : {}),
    cwd: process.cwd(),
  });
  if (loaded.file) out(`✓ config ${loaded.file}`);
  else if (!args.demo) {
    out('✗ no config file found. Looked in:');
    for (const p of configSearchLocations(process.env)) out(`    ${p}`);
    out('  Create one from config.example.yml, or run with --demo.');
    return 2;
  }
  for (const w of loaded.warnings) out(`! ${w}`);
  const audit = await doctorAuditCheck(loaded.config);
  if (audit.line) out(audit.line);
  try {
    const { buildKeymap } = await import('../ui/keys/keymap.js');
    buildKeymap(loaded.config.keys);
  } catch (err) {
    out(`✗ keys: ${(err as Error).message}`);
    return 2;
  }
  const runtime = await startRuntime({
    config: loaded.config,
    configFile: loaded.file,
    demo: args.demo,
    readOnly: true,
  });
  let failed = 0;
  try {
    for (const r of runtime.store.getState().refused) {
      failed++;
      out(`✗ ${r.instance} (${r.plugin}): ${r.reason}`);
    }
    for (const port of runtime.ports) {
      try {
        const h = await port.health();
        if (!h.ok) failed++;
        out(`${h.ok ? '✓' : '✗'} ${port.instance} (${port.pluginId}): ${h.detail}`);
      } catch (err) {
        failed++;
        out(`✗ ${port.instance} (${port.pluginId}): ${(err as Error).message}`);
      }
    }
    if (runtime.ports.length === 0 && runtime.store.getState().refused.length === 0) {
      out('! no connectors configured under `connectors:`');
    }
  } finally {
    await runtime.stop();
  }
  return !audit.ok ? 2 : failed > 0 ? 3 : 0;
}
