/**
 * Assignment group names → sys_ids. Names are not unique in ServiceNow (a second
 * company, a renamed team, an old group kept inactive for its history), so a name
 * resolves only when exactly one group carries it — an active one wins over
 * inactive namesakes — and otherwise the error lists the candidates with the
 * sys_ids the user can put in the config instead.
 */
import { PluginError } from 'itops-tui/plugin';
import type { SnClient } from './client.js';
import { val } from './map.js';
import { cond, isSysId } from './query.js';
import { snGroupSchema } from './schema.js';

/** Matches read per name: enough to show every plausible candidate, bounded. */
const MAX_CANDIDATES = 10;

export type GroupKey = 'assignmentGroups' | 'escalationGroup';

export interface Groups {
  /** Name or sys_id → sys_id (memoised); INVALID naming `connectors.<instance>.<key>` otherwise. */
  one(nameOrId: string, key: GroupKey, signal: AbortSignal): Promise<string>;
  /** `assignmentGroups` as sys_ids, or undefined when every group is in scope. */
  resolve(signal: AbortSignal): Promise<string[] | undefined>;
}

interface Candidate {
  id: string;
  active: boolean;
  description: string;
}

function describe(c: Candidate): string {
  const what = [c.active ? 'active' : 'inactive', c.description].filter(Boolean).join(', ');
  return `${c.id} (${what})`;
}

export function createGroups(
  sn: SnClient,
  instance: string,
  assignmentGroups: readonly string[] | undefined,
): Groups {
  const cache = new Map<string, Promise<string>>();

  async function lookup(name: string, key: GroupKey, signal: AbortSignal): Promise<string> {
    const rows = await sn.lookup(
      'sys_user_group',
      {
        query: cond('name', '=', name),
        fields: ['sys_id', 'name', 'active', 'description'],
        limit: MAX_CANDIDATES,
      },
      snGroupSchema,
      signal,
    );
    const all: Candidate[] = rows.flatMap((r) => {
      const id = val(r.sys_id);
      // ServiceNow compares names case-insensitively; anything else that came back is not a match.
      if (!id || val(r.name)?.trim().toLowerCase() !== name.trim().toLowerCase()) return [];
      return [{ id, active: val(r.active) !== 'false', description: val(r.description) ?? '' }];
    });
    const active = all.filter((c) => c.active);
    const candidates = active.length > 0 ? active : all;
    const where = `connectors.${instance}.${key}`;
    if (candidates.length === 0) {
      throw new PluginError(
        'INVALID',
        `ServiceNow has no assignment group named "${name}" (${where}); check the name or use its sys_id`,
      );
    }
    if (candidates.length > 1) {
      const more = rows.length >= MAX_CANDIDATES ? ` (showing the first ${MAX_CANDIDATES})` : '';
      throw new PluginError(
        'INVALID',
        `ServiceNow has ${candidates.length} ${active.length > 0 ? 'active ' : ''}assignment groups named "${name}"` +
          `${more}: ${candidates.map(describe).join('; ')}. Put the sys_id of the one you mean in ${where}.`,
      );
    }
    return candidates[0]!.id;
  }

  function one(nameOrId: string, key: GroupKey, signal: AbortSignal): Promise<string> {
    if (isSysId(nameOrId)) return Promise.resolve(nameOrId);
    let p = cache.get(nameOrId);
    if (!p) {
      p = lookup(nameOrId, key, signal);
      cache.set(nameOrId, p);
      // A failed lookup is forgotten so the next poll asks again (the name may have been fixed).
      p.catch(() => cache.delete(nameOrId));
    }
    return p;
  }

  return {
    one,
    async resolve(signal) {
      if (!assignmentGroups || assignmentGroups.length === 0) return undefined;
      return Promise.all(assignmentGroups.map((n) => one(n, 'assignmentGroups', signal)));
    },
  };
}
