/**
 * Did ServiceNow apply a write? A 200 only says the request was accepted: a field
 * write ACL drops the fields the user may not set without a word, and business
 * rules may undo them. So every PATCH reads the written fields back (the answer
 * carries the stored record) and compares them with what was asked.
 */
import { PluginError } from 'itops-tui/plugin';
import { disp, val } from './map.js';
import type { SnField } from './schema.js';

/** Journal fields append an entry; the stored value reads back empty, the entries show as display value. */
const JOURNALS = new Set(['work_notes', 'comments']);

export interface Dropped {
  field: string;
  asked: string;
  /** What the record holds instead (its display value when it has one). */
  kept: string;
}

export interface WriteCheck {
  applied: string[];
  dropped: Dropped[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function holds(field: string, asked: string, stored: SnField): boolean {
  if (JOURNALS.has(field)) {
    const shown = squash(disp(stored) ?? '');
    const want = squash(asked);
    return shown.includes(want) || shown.includes(escapeHtml(want));
  }
  const value = val(stored) ?? '';
  // Resolving may close at once on instances that skip the Resolved state.
  if (field === 'state' && asked === '6') return value === '6' || value === '7';
  return value.trim() === asked.trim();
}

/** Compare the asked body with the record ServiceNow returned. A field missing from the answer was not set. */
export function compareWrite(asked: Record<string, string>, record: Record<string, unknown>): WriteCheck {
  const applied: string[] = [];
  const dropped: Dropped[] = [];
  for (const [field, value] of Object.entries(asked)) {
    const stored = record[field] as SnField;
    if (field in record && holds(field, value, stored)) applied.push(field);
    else {
      const kept = JOURNALS.has(field)
        ? 'no new entry'
        : (disp(stored) ?? (field in record ? 'empty' : 'not returned'));
      dropped.push({ field, asked: value, kept });
    }
  }
  return { applied, dropped };
}

const show = (d: Dropped) => {
  const asked = d.asked.length > 40 ? `${d.asked.slice(0, 39)}…` : d.asked;
  return JOURNALS.has(d.field) ? `${d.field} (${d.kept})` : `${d.field} (asked "${asked}", still ${d.kept})`;
};

/**
 * Throw when the write did not do what was asked. Nothing applied: FORBIDDEN, so the action is
 * shown and audited as failed. Part applied: OUTCOME_UNKNOWN — "failed" would hide the part that
 * landed and "done" the part that did not; the message says which is which.
 */
export function assertApplied(key: string, check: WriteCheck): void {
  if (check.dropped.length === 0) return;
  const lost = check.dropped.map(show).join(', ');
  if (check.applied.length === 0) {
    throw new PluginError(
      'FORBIDDEN',
      `ServiceNow answered 200 but did not change ${key}: ${lost}. A field write ACL or a business rule ` +
        'on the instance drops these fields for the integration user; nothing was applied.',
    );
  }
  throw new PluginError(
    'OUTCOME_UNKNOWN',
    `ServiceNow applied only part of the change to ${key}: ${check.applied.join(', ')} changed, but not ${lost} ` +
      '(a field write ACL or a business rule dropped them). Check the ticket before trying again.',
  );
}
