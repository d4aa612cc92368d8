/**
 * An incident's timeline: its log entries (`GET /incidents/{id}/log_entries`, newest first) and
 * its notes (`GET /incidents/{id}/notes`), mapped to the host's `TimelineEntry`. A note appears
 * in both (an `annotate_log_entry` and the note itself): the note wins, since it carries the text.
 */
import type { TimelineEntry, TimelineKind } from 'itops-tui/plugin';
import { z } from 'zod';

const text = z.string().nullish().catch(null);
const agent = z.looseObject({ summary: text, name: text }).nullish().catch(null);

export const pdTimelineEntrySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  summary: text,
  agent,
  note: text,
});
export type PdTimelineEntry = z.output<typeof pdTimelineEntrySchema>;

export const pdIncidentNoteSchema = z.looseObject({
  id: text,
  content: text,
  created_at: z.string(),
  user: agent,
});
export type PdIncidentNote = z.output<typeof pdIncidentNoteSchema>;
export const pdNotesPage = z.looseObject({ notes: z.array(z.unknown()) });

/** Log entry type (without `_log_entry`) → kind of change. */
const KINDS: Record<string, TimelineKind> = {
  trigger: 'status',
  acknowledge: 'status',
  unacknowledge: 'status',
  resolve: 'status',
  snooze: 'status',
  reach_ack_limit: 'status',
  reach_trigger_limit: 'status',
  annotate: 'note',
  assign: 'assign',
  delegate: 'assign',
  escalate: 'escalate',
  repeat_escalation_path: 'escalate',
  urgency_change: 'other',
  priority_change: 'other',
  notify: 'notify',
  exhaust_escalation_path: 'escalate',
};

const who = (a: { summary?: string | null; name?: string | null } | null | undefined) =>
  a?.summary?.trim() || a?.name?.trim() || undefined;

const valid = (at: string) => !Number.isNaN(Date.parse(at));

export function mapLogEntry(e: PdTimelineEntry): TimelineEntry | undefined {
  if (!valid(e.created_at)) return undefined;
  const type = e.type.replace(/_log_entry(_reference)?$/, '');
  const kind = KINDS[type] ?? 'other';
  const summary = e.summary?.trim() || type.replaceAll('_', ' ');
  const by = who(e.agent);
  return { at: e.created_at, kind, text: summary, ...(by ? { who: by } : {}) };
}

export function mapNote(n: PdIncidentNote): TimelineEntry | undefined {
  if (!valid(n.created_at)) return undefined;
  const by = who(n.user);
  return { at: n.created_at, kind: 'note', text: n.content ?? '', ...(by ? { who: by } : {}) };
}

/**
 * Log entries and notes as one timeline, newest first. Annotate entries are left out when
 * notes were read: each note is there with its words.
 */
export function mergeTimeline(
  entries: readonly PdTimelineEntry[],
  notes: readonly PdIncidentNote[] | undefined,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of entries) {
    if (notes && e.type.startsWith('annotate_log_entry')) continue;
    const m = mapLogEntry(e);
    if (m) out.push(m);
  }
  for (const n of notes ?? []) {
    const m = mapNote(n);
    if (m) out.push(m);
  }
  return out
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map((x) => x.e);
}
