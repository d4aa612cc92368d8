/**
 * Issue 9: vendor knowledge lives in plugins, and an action is described in one place. Neither
 * is an import, so the boundary test cannot see them; these scans can.
 * - No built-in plugin id (`pagerduty`, `servicenow`, `crowdstrike`, `datadog`) in
 *   `src/store`, `src/domain` or `src/ui`: not as the id anywhere in the text, and not in any
 *   spelling in code (strings and identifiers, comments aside: "e.g. ServiceNow's task_sla" in a
 *   comment explains a field, `pluginId === 'servicenow'` decides on a vendor).
 * - Every capability string appears in at most two files under `src/` outside the plugin API,
 *   whose action table is the one description of each action.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_CAPABILITIES } from '../../src/plugin-api/index.js';
import { stripComments } from './imports.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PLUGIN_IDS = ['pagerduty', 'servicenow', 'crowdstrike', 'datadog'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Where `text` names a built-in plugin: the id as written anywhere, or any spelling in code. */
function vendorMentions(text: string): string[] {
  const found: string[] = [];
  const code = stripComments(text);
  for (const id of PLUGIN_IDS) {
    if (new RegExp(`\\b${id}\\b`).test(text)) found.push(id);
    else if (new RegExp(id, 'i').test(code)) found.push(`${id} (in code)`);
  }
  return found;
}

/** The capability strings in `text`, whole (not `incidents.ackX`). */
function capabilitiesIn(text: string): string[] {
  return [...KNOWN_CAPABILITIES].filter((c) =>
    new RegExp(`(^|[^\\w.])${c.replace('.', '\\.')}(?![\\w])`).test(text),
  );
}

describe('vendor knowledge stays in plugins', () => {
  const files = ['src/store', 'src/domain', 'src/ui'].flatMap(sourceFiles);

  it('scans the layers above the plugin boundary', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  it('no built-in plugin id in src/store, src/domain or src/ui', () => {
    const found = files.flatMap((f) => vendorMentions(read(f)).map((m) => `${f}: ${m}`));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the scan catches the ways a vendor id sneaks in', () => {
    expect(vendorMentions("if (c.pluginId === 'servicenow') flow.workNote = true;")).toEqual(['servicenow']);
    expect(vendorMentions("const hint = 'Add a CrowdStrike Falcon connector';")).toEqual([
      'crowdstrike (in code)',
    ]);
    expect(vendorMentions('// the id of a plugin, e.g. datadog')).toEqual(['datadog']);
    expect(vendorMentions('/** Human key: PagerDuty `#4211` */\nconst key = r.key;')).toEqual([]);
  });
});

describe('one description per action', () => {
  const files = sourceFiles('src').filter((f) => !f.startsWith('src/plugin-api/'));

  it('knows every capability and scans all of src/ but the plugin API', () => {
    expect(KNOWN_CAPABILITIES.size).toBeGreaterThanOrEqual(11);
    expect(files.length).toBeGreaterThan(150);
    expect(capabilitiesIn("x === 'incidents.escalate'")).toEqual(['incidents.escalate']);
    expect(capabilitiesIn("'incidents.escalated' or not.incidents.escalate")).toEqual([]);
  });

  it('every capability string is in at most two files outside the plugin API', () => {
    const where = new Map<string, string[]>();
    for (const f of files) {
      for (const c of capabilitiesIn(read(f))) where.set(c, [...(where.get(c) ?? []), f]);
    }
    const over = [...where]
      .filter(([, list]) => list.length > 2)
      .map(([c, list]) => `${c}: ${list.join(', ')}`);
    expect(over, over.join('\n')).toEqual([]);
  });
});
