import { recordKey } from './kinds.js';
import type { Incident } from './model.js';

/**
 * What calls for the on-call engineer's attention: a new incident that is triggered and either
 * P1 or high urgency (many accounts use no priorities, so urgency alone counts). Pure: the UI
 * keeps the memory between calls and does the ringing.
 */
export interface AttentionMemory {
  /** Incidents already known (alerted, or there at first load), by record key. */
  readonly known: ReadonlySet<string>;
  /** Sources whose incidents have been read once: their first load never alerts. */
  readonly loaded: ReadonlySet<string>;
}

export const EMPTY_ATTENTION: AttentionMemory = { known: new Set(), loaded: new Set() };

/** Triggered and P1 or high urgency. */
export function isUrgent(i: Incident): boolean {
  return i.status === 'triggered' && (i.priority === 'P1' || i.urgency === 'high');
}

/**
 * The urgent incidents that arrived since the last look, and the memory for the next one.
 * `loadedSources` are the sources whose incidents stream has answered at least once: until a
 * source has, nothing of it is known, and its first answer only fills the memory.
 */
export function newUrgent(
  memory: AttentionMemory,
  incidents: readonly Incident[],
  loadedSources: ReadonlySet<string>,
): { fresh: Incident[]; memory: AttentionMemory } {
  const known = new Set(memory.known);
  const fresh: Incident[] = [];
  for (const i of incidents) {
    if (!isUrgent(i) || !loadedSources.has(i.source)) continue;
    const key = recordKey(i);
    if (known.has(key)) continue;
    known.add(key);
    if (memory.loaded.has(i.source)) fresh.push(i);
  }
  // Forget incidents no longer urgent or gone, so the memory stays the size of the queue (it
  // runs for weeks); one that comes back triggered is new again, as it is to a person.
  const urgentNow = new Set(incidents.filter(isUrgent).map((i) => recordKey(i)));
  for (const key of known) if (!urgentNow.has(key)) known.delete(key);
  return { fresh, memory: { known, loaded: new Set([...memory.loaded, ...loadedSources]) } };
}

/** The window title while new urgent incidents wait: "itops: 2 new P1", or "itops: 1 new urgent" when not all are P1. */
export function attentionTitle(waiting: readonly Incident[]): string | null {
  if (waiting.length === 0) return null;
  const allP1 = waiting.every((i) => i.priority === 'P1');
  return `itops: ${waiting.length} new ${allP1 ? 'P1' : 'urgent'}`;
}
