/**
 * How a monitor reads in a row and in its detail: state as glyph and word (never colour alone),
 * priority, where it fires (its host, or how many groups), and until when it is muted.
 */
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import type { Monitor, MonitorGroup } from '../../domain/model.js';
import { filterMonitors, firingGroups } from '../../domain/panels/monitor-list.js';
import type { Column, TableRow } from '../components/DataTable.js';
import type { ListRow } from '../panels/types.js';
import { clean } from '../text/fit.js';
import { shortTime } from '../text/time.js';
import type { Glyphs, Tone } from '../theme/theme.js';

/** "✖ Alert", "▲ Warn", "⚠ No data", "● OK": a monitor's or a group's state. */
export function monitorStateCell(
  state: Monitor['state'],
  g: Glyphs,
): { text: string; tone: Tone | undefined } {
  switch (state) {
    case 'alert':
      return { text: `${g.error} Alert`, tone: 'danger' };
    case 'warn':
      return { text: `${g.warn} Warn`, tone: 'warn' };
    case 'no_data':
      return { text: `${g.caution} No data`, tone: 'warn' };
    case 'ok':
      return { text: `${g.ok} OK`, tone: 'ok' };
    default:
      return { text: '? Unknown', tone: undefined };
  }
}

/** "db-07" when one group fires on one host, else "3 groups" (or "3 of 5 groups"). */
export function whereCell(m: Monitor): string {
  const firing = firingGroups(m);
  if (firing.length === 1) {
    const only = firing[0]!;
    return clean(only.host ?? only.name);
  }
  if (firing.length === 0) return m.hosts.length === 1 ? clean(m.hosts[0]) : `${m.groups.length} groups`;
  return firing.length === m.groups.length
    ? `${firing.length} groups`
    : `${firing.length} of ${m.groups.length} groups`;
}

/** The mute over the whole monitor, its end if it has one. */
function wholeMute(m: Monitor) {
  return m.mutes.find((x) => !x.group);
}

/** "muted → 16:05", "muted" (until lifted), "2 groups muted", or '' when nothing is silenced. */
export function mutedCell(m: Monitor, g: Glyphs): string {
  if (m.muted) {
    const until = wholeMute(m)?.until;
    const t = until ? Date.parse(until) : Number.NaN;
    return Number.isNaN(t) ? 'muted' : `muted ${g.dash} ${shortTime(t)}`;
  }
  const groups = m.mutes.filter((x) => x.group).length || m.groups.filter((x) => x.muted).length;
  return groups > 0 ? `${groups} grp muted` : '';
}

export function monitorColumns(width: number): Column[] {
  const fixed: Column[] = [
    { key: 'mark', title: '', width: 1 },
    { key: 'state', title: 'State', width: 9 },
    { key: 'pri', title: 'Pri', width: 3 },
  ];
  const tail: Column[] = [
    { key: 'where', title: 'Host/groups', width: 14 },
    { key: 'muted', title: 'Muted', width: 13 },
  ];
  const used = [...fixed, ...tail].reduce((n, c) => n + c.width + 1, 0);
  const name = Math.max(10, width - used - 1);
  return [...fixed, { key: 'name', title: 'Monitor', width: name }, ...tail];
}

/** `linked`: the monitor has related records elsewhere (`g.related` starts its name). */
export function monitorRow(
  m: Monitor,
  selected: boolean,
  g: Glyphs,
  linked = false,
  stale = false,
): TableRow {
  const state = monitorStateCell(m.state, g);
  const muted = mutedCell(m, g);
  return {
    id: keyOfRecord(m),
    selected,
    cells: {
      mark: selected ? g.pointer : ' ',
      state: state.text,
      pri: m.priority ?? g.dash,
      name: `${linked ? `${g.related} ` : ''}${stale ? `${g.stale} ` : ''}${clean(m.name)}`,
      where: whereCell(m),
      muted,
    },
    tones: { state: m.muted ? 'muted' : state.tone, muted: muted ? 'muted' : undefined },
    ...(stale ? { dim: true } : {}),
  };
}

/** "host:db-07 ✖ Alert · muted" for a group line in the detail. */
export function groupLine(group: MonitorGroup, g: Glyphs, until?: string): string {
  const state = monitorStateCell(group.state, g).text;
  const muted = group.muted ? ` ${g.dot} muted${until ? ` until ${until}` : ''}` : '';
  return `${state} ${clean(group.name)}${muted}`;
}

const cache = new WeakMap<readonly Monitor[], Map<string, { monitors: Monitor[]; rows: ListRow[] }>>();

/** The list (and its rows) for a filter text, kept per monitors array and text: a key press builds nothing. */
export function monitorList(
  monitors: readonly Monitor[],
  filter: string,
): { monitors: Monitor[]; rows: ListRow[] } {
  let byText = cache.get(monitors);
  if (!byText) {
    byText = new Map();
    cache.set(monitors, byText);
  }
  const text = filter.trim();
  let hit = byText.get(text);
  if (!hit) {
    const list = filterMonitors(monitors, text);
    hit = { monitors: list, rows: list.map((m) => ({ key: keyOfRecord(m), subject: subjectOf(m) })) };
    if (byText.size > 8) byText.clear();
    byText.set(text, hit);
  }
  return hit;
}
