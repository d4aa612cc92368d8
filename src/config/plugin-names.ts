/**
 * The npm names the cockpit loads as plugins by name. One convention keeps a typo in
 * `plugin:` or `plugins.packages` from importing some unrelated installed package.
 */
export const PLUGIN_PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?itops-plugin-[a-z0-9][a-z0-9._~-]*$/;

export const isPluginPackageName = (spec: string): boolean => PLUGIN_PACKAGE_NAME.test(spec);

/** One `plugins.paths` / `plugins.packages` entry as written: a string, or `{path|name, override}`. */
export interface PluginEntry {
  list: 'paths' | 'packages';
  index: number;
  /** The path (as written) or package name. */
  spec: string;
  /** `override: true`: its plugin id may replace a built-in or an earlier plugin. */
  override: boolean;
  /** Where the path or name is written (`plugins.paths[0]` or `plugins.paths[0].path`). */
  keyPath: (string | number)[];
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The well-formed entries of `plugins.paths` and `plugins.packages` in a (possibly invalid) document. */
export function pluginEntries(input: unknown): PluginEntry[] {
  const plugins = isMapping(input) && isMapping(input.plugins) ? input.plugins : {};
  const out: PluginEntry[] = [];
  for (const list of ['paths', 'packages'] as const) {
    const entries = plugins[list];
    if (!Array.isArray(entries)) continue;
    const field = list === 'paths' ? 'path' : 'name';
    entries.forEach((entry, index) => {
      const spec = typeof entry === 'string' ? entry : isMapping(entry) ? entry[field] : undefined;
      if (typeof spec !== 'string' || spec === '') return;
      const keyPath = ['plugins', list, index, ...(typeof entry === 'string' ? [] : [field])];
      out.push({ list, index, spec, override: isMapping(entry) && entry.override === true, keyPath });
    });
  }
  return out;
}
