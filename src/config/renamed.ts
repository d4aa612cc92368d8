/**
 * Keys this project has renamed or removed. Unknown keys are errors, so without
 * this table an upgrade would stop a working config from loading (k9s#2435).
 * A renamed key is moved to its new name with a warning; a removed key is dropped
 * with a warning that says what replaced it. Add an entry here whenever a key
 * changes; never reuse an old name for a new meaning.
 */
import type { ConfigIssue } from './errors.js';
import { formatPath } from './errors.js';

export interface KeyChange {
  /** Dotted path of the old key; `*` matches any one segment (a connector name). */
  path: string;
  /** The key's new name in the same mapping (renames only). */
  renamedTo?: string;
  /** Removed keys: what to do instead. */
  removed?: string;
  /** Release that made the change, for the warning. */
  since: string;
}

export const KEY_CHANGES: readonly KeyChange[] = [
  { path: 'log.file', renamedTo: 'path', since: '0.1.0' },
  {
    path: 'ui.refreshMs',
    removed: 'the screen redraws when data arrives; set connectors.<name>.pollSeconds to poll more often',
    since: '0.1.0',
  },
];

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Mappings matching `segments`, with the concrete path of each. */
function parentsOf(
  root: unknown,
  segments: readonly string[],
): { path: string[]; node: Record<string, unknown> }[] {
  let level: { path: string[]; node: unknown }[] = [{ path: [], node: root }];
  for (const segment of segments) {
    const next: { path: string[]; node: unknown }[] = [];
    for (const { path, node } of level) {
      if (!isMapping(node)) continue;
      const keys = segment === '*' ? Object.keys(node) : Object.hasOwn(node, segment) ? [segment] : [];
      for (const key of keys) next.push({ path: [...path, key], node: node[key] });
    }
    level = next;
  }
  return level.filter((e): e is { path: string[]; node: Record<string, unknown> } => isMapping(e.node));
}

/** Copy of a mapping chain down to `path`, so the caller's parsed document is never mutated. */
function cloneAlong(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = root;
  for (const key of path) {
    const child = { ...(node[key] as Record<string, unknown>) };
    node[key] = child;
    node = child;
  }
  return node;
}

/**
 * Apply the table to a parsed document: returns the document with old keys moved
 * or dropped, and one warning per old key found (with its key path, for a line number).
 */
export function applyKeyChanges(
  raw: unknown,
  changes: readonly KeyChange[] = KEY_CHANGES,
): { value: unknown; warnings: ConfigIssue[] } {
  if (!isMapping(raw)) return { value: raw, warnings: [] };
  const value: Record<string, unknown> = { ...raw };
  const warnings: ConfigIssue[] = [];
  for (const change of changes) {
    const segments = change.path.split('.');
    const oldKey = segments.at(-1)!;
    for (const { path } of parentsOf(value, segments.slice(0, -1))) {
      const parent = cloneAlong(value, path);
      if (!Object.hasOwn(parent, oldKey)) continue;
      const keyPath = [...path, oldKey];
      const where = { path: formatPath(keyPath), keyPath, at: 'key' as const };
      const moved = parent[oldKey];
      delete parent[oldKey];
      if (change.renamedTo) {
        const newPath = formatPath([...path, change.renamedTo]);
        if (Object.hasOwn(parent, change.renamedTo)) {
          warnings.push({
            ...where,
            message: `renamed to ${newPath} in ${change.since}, and both are set; ${newPath} is used`,
            fix: `delete ${oldKey}.`,
          });
        } else {
          parent[change.renamedTo] = moved;
          warnings.push({
            ...where,
            message: `renamed to ${newPath} in ${change.since}; the value is used`,
            fix: `rename ${oldKey} to ${change.renamedTo}.`,
          });
        }
      } else {
        warnings.push({
          ...where,
          message: `removed in ${change.since} and ignored: ${change.removed}`,
          fix: `delete ${oldKey}.`,
        });
      }
    }
  }
  return { value, warnings };
}
