/**
 * The monitors worth a look: those firing (alert, warn, no data), muted ones included and marked,
 * in the order an incident commander reads them: unmuted before muted, alert before warn before
 * no data, higher priority first, most recently triggered first. The `/` filter narrows them by
 * words, each of which must appear in the monitor's name, hosts, groups, service, tags or id.
 */
import { memoLast } from '../memo.js';
import type { Monitor } from '../model.js';

const RANK: Readonly<Record<Monitor['state'], number>> = { alert: 0, warn: 1, no_data: 2, ok: 3, unknown: 4 };

export function isFiring(m: Monitor): boolean {
  return m.state === 'alert' || m.state === 'warn' || m.state === 'no_data';
}

function byUrgency(a: Monitor, b: Monitor): number {
  if (a.muted !== b.muted) return a.muted ? 1 : -1;
  const s = RANK[a.state] - RANK[b.state];
  if (s !== 0) return s;
  const pa = a.priority ? Number(a.priority.slice(1)) : 9;
  const pb = b.priority ? Number(b.priority.slice(1)) : 9;
  if (pa !== pb) return pa - pb;
  const ta = a.triggeredAt ? Date.parse(a.triggeredAt) : Number.NaN;
  const tb = b.triggeredAt ? Date.parse(b.triggeredAt) : Number.NaN;
  const va = Number.isNaN(ta) ? -Infinity : ta;
  const vb = Number.isNaN(tb) ? -Infinity : tb;
  if (va !== vb) return vb > va ? 1 : -1;
  return a.source === b.source ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.source < b.source ? -1 : 1;
}

/** The firing monitors, most urgent first; recomputed only when the monitors array changes. */
export const firingMonitors = memoLast((monitors: readonly Monitor[]): Monitor[] =>
  monitors.filter(isFiring).sort(byUrgency),
);

/** Firing groups of a monitor (what the row counts): alert, warn or no data. */
export function firingGroups(m: Monitor): Monitor['groups'] {
  return m.groups.filter((g) => g.state === 'alert' || g.state === 'warn' || g.state === 'no_data');
}

/** The words of a filter text, lower-cased; empty when the text is blank. */
export function filterWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether every word of the filter appears in what the monitor is about. */
export function monitorMatches(m: Monitor, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const hay = [
    m.name,
    m.monitorId,
    m.service ?? '',
    m.type,
    m.priority ?? '',
    m.muted ? 'muted' : '',
    m.state,
    ...m.hosts,
    ...m.tags,
    ...m.groups.map((g) => g.name),
  ]
    .map((s) => String(s).toLowerCase())
    .join('\n');
  return words.every((w) => hay.includes(w));
}

/** The firing monitors narrowed by a filter text. */
export function filterMonitors(monitors: readonly Monitor[], text: string): Monitor[] {
  const words = filterWords(text);
  return words.length === 0 ? [...monitors] : monitors.filter((m) => monitorMatches(m, words));
}
