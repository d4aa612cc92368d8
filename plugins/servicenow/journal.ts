/**
 * A ticket's timeline: its work notes and comments from `sys_journal_field` (element_id = the
 * ticket's sys_id), newest first. ServiceNow keeps state changes in its audit history, which
 * needs an admin role to read; notes and comments are what an agent's read ACLs allow.
 */
import type { TimelineEntry } from 'itops-tui/plugin';
import { z } from 'zod';
import { isoOf, val } from './map.js';
import { and, cond, orderBy } from './query.js';
import { snFieldSchema } from './schema.js';

export const JOURNAL_FIELDS = ['sys_id', 'element', 'value', 'sys_created_on', 'sys_created_by'] as const;
/** Newest entries one detail reads; older ones are a click away in ServiceNow. */
export const JOURNAL_LIMIT = 200;

export const snJournalSchema = z.looseObject({
  sys_id: snFieldSchema,
  element: snFieldSchema,
  value: snFieldSchema,
  sys_created_on: snFieldSchema,
  sys_created_by: snFieldSchema,
});
export type SnJournalRow = z.output<typeof snJournalSchema>;

export function journalQuery(sysId: string): string {
  return and(
    cond('element_id', '=', sysId),
    cond('element', 'IN', ['work_notes', 'comments']),
    orderBy('sys_created_on', 'desc'),
  );
}

/** One journal row as a timeline entry; a row without a readable time is left out. */
export function mapJournal(row: SnJournalRow): TimelineEntry | undefined {
  const at = isoOf(row.sys_created_on);
  if (!at) return undefined;
  const element = val(row.element);
  const label = element === 'comments' ? 'Comment' : element === 'work_notes' ? 'Work note' : 'Note';
  const text = val(row.value) ?? '';
  const who = val(row.sys_created_by);
  return { at, kind: 'note', text: `${label}: ${text}`, ...(who ? { who } : {}) };
}
