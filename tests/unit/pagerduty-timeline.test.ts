/**
 * PagerDuty log entries and notes → timeline entries (issue 15), under hostile text: the
 * mapping keeps the vendor's words (the host sanitizes them), never throws, and orders newest first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mapLogEntry,
  mapNote,
  mergeTimeline,
  pdIncidentNoteSchema,
  pdTimelineEntrySchema,
} from '../../plugins/pagerduty/timeline.js';
import { checkTimeline } from '../../src/host/timeline.js';

const entry = (over: Record<string, unknown>) =>
  pdTimelineEntrySchema.parse({
    id: 'R1',
    type: 'acknowledge_log_entry',
    created_at: '2030-01-01T10:00:00Z',
    summary: 'Acknowledged by Ana Example',
    agent: { id: 'U1', type: 'user_reference', summary: 'Ana Example' },
    ...over,
  });

const note = (over: Record<string, unknown>) =>
  pdIncidentNoteSchema.parse({
    id: 'N1',
    content: 'Rolled back',
    created_at: '2030-01-01T10:05:00Z',
    user: { id: 'U2', type: 'user_reference', summary: 'Bo Example' },
    ...over,
  });

describe('PagerDuty timeline mapping', () => {
  it('maps each log entry type to a kind, with who did it', () => {
    expect(mapLogEntry(entry({}))).toEqual({
      at: '2030-01-01T10:00:00Z',
      kind: 'status',
      who: 'Ana Example',
      text: 'Acknowledged by Ana Example',
    });
    expect(mapLogEntry(entry({ type: 'escalate_log_entry' }))?.kind).toBe('escalate');
    expect(mapLogEntry(entry({ type: 'assign_log_entry' }))?.kind).toBe('assign');
    expect(mapLogEntry(entry({ type: 'notify_log_entry' }))?.kind).toBe('notify');
    expect(mapLogEntry(entry({ type: 'annotate_log_entry' }))?.kind).toBe('note');
    expect(mapLogEntry(entry({ type: 'some_future_log_entry' }))?.kind).toBe('other');
  });

  it('says what happened when the vendor gives no summary or agent, and skips unreadable times', () => {
    expect(mapLogEntry(entry({ summary: null, agent: null, type: 'reach_ack_limit_log_entry' }))).toEqual({
      at: '2030-01-01T10:00:00Z',
      kind: 'status',
      text: 'reach ack limit',
    });
    expect(mapLogEntry(entry({ created_at: 'yesterday' }))).toBeUndefined();
    expect(mapNote(note({ created_at: '' }))).toBeUndefined();
    // Garbage in optional fields is dropped, not fatal.
    expect(
      pdTimelineEntrySchema.parse({ id: 'R', type: 'x', created_at: 'z', agent: 5, summary: [] }),
    ).toMatchObject({
      agent: null,
      summary: null,
    });
  });

  it('merges notes with the log newest first, showing each note once with its words', () => {
    const merged = mergeTimeline(
      [
        entry({
          id: 'R2',
          type: 'annotate_log_entry',
          summary: 'Note added',
          created_at: '2030-01-01T10:05:00Z',
        }),
        entry({}),
        entry({
          id: 'R0',
          type: 'trigger_log_entry',
          summary: 'Triggered',
          created_at: '2030-01-01T09:00:00Z',
        }),
      ],
      [note({})],
    );
    expect(merged.map((e) => e.text)).toEqual(['Rolled back', 'Acknowledged by Ana Example', 'Triggered']);
    // Without notes (their read failed) the annotate entry still says a note was added.
    expect(
      mergeTimeline([entry({ type: 'annotate_log_entry', summary: 'Note added' })], undefined),
    ).toHaveLength(1);
  });

  it('never throws on hostile text, and what reaches the screen carries no escape sequences', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\x1b[2J\x1b]52;c;cGF3bmVk\x07', '🚀👩‍👩‍👧 deploy', '\u202eevil', 'a\r\nb', '\x9b31m'),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, (summary, who, content) => {
        const merged = mergeTimeline(
          [entry({ summary, agent: { summary: who } })],
          [note({ content, user: { summary: who } })],
        );
        const { entries } = checkTimeline('pd', merged);
        for (const e of entries) {
          for (const text of [e.text, e.who ?? '']) {
            expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
          }
        }
        return true;
      }),
    );
  });
});
