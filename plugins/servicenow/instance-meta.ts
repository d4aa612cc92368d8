/**
 * What the connector asks the instance about itself: whether the fields the user's
 * `query` names exist (sys_dictionary), and the labels of the choice codes it shows
 * (sys_choice).
 *
 * ServiceNow does not reject a condition on a field that does not exist: it drops
 * the condition and runs the rest (unless glide.invalid_query.returns_no_rows is
 * set), so `priorty<=2` silently becomes "every incident in scope". The fields are
 * therefore checked before the first load. sys_dictionary is the authority, but
 * many integration users may not read it (it needs admin or personalize_dictionary);
 * then one incident row is read with exactly those fields, and a field the answer
 * leaves out does not exist. Dot-walked fields (`caller_id.vip`) are checked that way too.
 */
import { type PluginContext, PluginError } from 'itops-tui/plugin';
import type { SnClient } from './client.js';
import { type ChoiceLabels, val } from './map.js';
import { and, cond } from './query.js';
import { type ServiceNowConfig, snChoiceSchema, snDictionarySchema } from './schema.js';

/** incident extends task: most columns (priority, assignment_group) are defined on task. */
const INCIDENT_TABLES = ['incident', 'task'];
const FIELD = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*/;

/**
 * Field paths named by the conditions of an encoded query: `caller_id.vip` and `priority`
 * from `caller_id.vip=true^ORpriority<=2`. Operators are upper case or symbols, column names
 * lower case, which is where a condition's field ends.
 */
export function queryFields(query: string): string[] {
  const out = new Set<string>();
  for (let token of query.split('^')) {
    token = token.trim();
    if (token === '' || token === 'EQ' || token.startsWith('ORDERBY')) continue;
    if (token.startsWith('NQ')) token = token.slice(2);
    if (token.startsWith('OR')) token = token.slice(2);
    const field = FIELD.exec(token)?.[0];
    if (field) out.add(field);
  }
  return [...out];
}

const aborted = (signal: AbortSignal, err: unknown) =>
  signal.aborted || (err as Error)?.name === 'AbortError';

/** Fields of `paths` that incident does not have, read from sys_dictionary; undefined if it cannot be read. */
async function unknownByDictionary(sn: SnClient, heads: string[], signal: AbortSignal) {
  try {
    const rows = await sn.lookup(
      'sys_dictionary',
      {
        // sys_id is asked as a canary: it always exists, so its absence means ACLs hid the rows.
        query: and(cond('name', 'IN', INCIDENT_TABLES), cond('element', 'IN', [...heads, 'sys_id'])),
        fields: ['name', 'element'],
        limit: 4 * (heads.length + 1),
      },
      snDictionarySchema,
      signal,
    );
    const known = new Set(rows.map((r) => val(r.element)));
    if (!known.has('sys_id')) return undefined;
    return heads.filter((h) => !known.has(h));
  } catch (err) {
    if (aborted(signal, err)) throw err;
    return undefined;
  }
}

/** Fields of `paths` absent from one incident row that asked for them; undefined when no row is visible. */
async function unknownByProbe(sn: SnClient, paths: string[], signal: AbortSignal) {
  const rows = await sn.lookup(
    'incident',
    { query: '', fields: paths, limit: 1 },
    snDictionarySchema,
    signal,
  );
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row) return undefined;
  return paths.filter((p) => !(p in row));
}

/** Throws INVALID naming `connectors.<instance>.query` and the bad fields, if any field does not exist. */
export async function checkQueryFields(
  sn: SnClient,
  ctx: PluginContext<ServiceNowConfig>,
  query: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const paths = query ? queryFields(query) : [];
  if (paths.length === 0) return;
  const heads = [...new Set(paths.map((p) => p.split('.')[0]!))];
  const byDictionary = await unknownByDictionary(sn, heads, signal);
  const toProbe =
    byDictionary === undefined
      ? paths
      : paths.filter((p) => p.includes('.') && !byDictionary.includes(p.split('.')[0]!));
  const byProbe = toProbe.length > 0 ? await unknownByProbe(sn, toProbe, signal) : [];
  const bad = [...(byDictionary ?? []), ...(byProbe ?? [])];
  if (bad.length > 0) {
    const list = bad.map((f) => `"${f}"`).join(', ');
    throw new PluginError(
      'INVALID',
      `connectors.${ctx.instance}.query names ${list}, which incident does not have. ServiceNow ignores a ` +
        'condition on an unknown field and would return every incident in scope. Fix the field name ' +
        '(System Definition > Dictionary lists the fields of incident and task).',
    );
  }
  if (byProbe === undefined) {
    ctx.log.warn(
      `connectors.${ctx.instance}.query: could not check its fields (sys_dictionary not readable, no incident visible)`,
    );
  }
}

/**
 * The instance's labels for incident state, priority and hold reason (incident's own list
 * wins over task's). Undefined when sys_choice cannot be read: the default labels apply.
 */
export async function loadChoiceLabels(
  sn: SnClient,
  ctx: PluginContext<ServiceNowConfig>,
  signal: AbortSignal,
): Promise<ChoiceLabels | undefined> {
  const elements = ['state', 'priority', 'hold_reason', 'close_code'] as const;
  try {
    const rows = await sn.lookup(
      'sys_choice',
      {
        query: and(
          cond('name', 'IN', INCIDENT_TABLES),
          cond('element', 'IN', elements),
          'inactive=false',
          cond('language', '=', 'en'),
        ),
        fields: ['name', 'element', 'value', 'label'],
        limit: 500,
      },
      snChoiceSchema,
      signal,
    );
    const labels: ChoiceLabels = {};
    // task first, so incident's entries overwrite them.
    const ordered = [...rows].sort(
      (a, b) => Number(val(a.name) === 'incident') - Number(val(b.name) === 'incident'),
    );
    for (const r of ordered) {
      const element = val(r.element) as (typeof elements)[number];
      const value = val(r.value);
      const label = val(r.label);
      if (!elements.includes(element) || value === undefined || label === undefined) continue;
      labels[element] ??= {};
      labels[element][value] = label;
    }
    return Object.keys(labels).length > 0 ? labels : undefined;
  } catch (err) {
    if (aborted(signal, err)) throw err;
    ctx.log.warn(`could not read sys_choice; showing the default labels (${(err as Error).message})`);
    return undefined;
  }
}
