/** What calls for attention: new triggered P1 or high-urgency incidents, never the first load (issue 15). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionTitle, EMPTY_ATTENTION, isUrgent, newUrgent } from '../../../src/domain/attention.js';
import { incident } from './records.js';

const loaded = new Set(['pd']);
const p1 = (id: string) =>
  incident(id, { source: 'pd', priority: 'P1', urgency: 'high', status: 'triggered' });

describe('newUrgent', () => {
  it('says nothing on a source first load, then names what arrives after it', () => {
    const first = newUrgent(EMPTY_ATTENTION, [p1('a'), p1('b')], loaded);
    expect(first.fresh).toEqual([]);
    const next = newUrgent(first.memory, [p1('a'), p1('b'), p1('c')], loaded);
    expect(next.fresh.map((i) => i.id)).toEqual(['c']);
    expect(newUrgent(next.memory, [p1('a'), p1('b'), p1('c')], loaded).fresh).toEqual([]);
  });

  it('counts high urgency without a priority, and ignores acknowledged or low ones', () => {
    const base = newUrgent(EMPTY_ATTENTION, [], loaded).memory;
    const got = newUrgent(
      base,
      [
        incident('u', { source: 'pd', urgency: 'high', status: 'triggered' }),
        incident('l', { source: 'pd', priority: 'P5', urgency: 'low', status: 'triggered' }),
        incident('k', { source: 'pd', priority: 'P1', status: 'acknowledged' }),
      ],
      loaded,
    );
    expect(got.fresh.map((i) => i.id)).toEqual(['u']);
  });

  it('a source that answers later is a first load of its own', () => {
    const pdOnly = newUrgent(EMPTY_ATTENTION, [p1('a')], loaded).memory;
    const sn = incident('s', { source: 'sn', priority: 'P1', status: 'triggered' });
    const both = new Set(['pd', 'sn']);
    expect(newUrgent(pdOnly, [p1('a'), sn], both).fresh).toEqual([]);
  });

  it('memory stays the size of what is urgent now (it runs for weeks)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 10 }), { maxLength: 20 }),
        (polls) => {
          let memory = newUrgent(EMPTY_ATTENTION, [], loaded).memory;
          for (const ids of polls) {
            const incidents = [...new Set(ids)].map((n) => p1(String(n)));
            const step = newUrgent(memory, incidents, loaded);
            memory = step.memory;
            expect(memory.known.size).toBeLessThanOrEqual(incidents.length);
            for (const f of step.fresh) expect(isUrgent(f)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('attentionTitle', () => {
  it('says how many and what', () => {
    expect(attentionTitle([p1('a'), p1('b')])).toBe('itops: 2 new P1');
    expect(attentionTitle([incident('u', { urgency: 'high', status: 'triggered' })])).toBe(
      'itops: 1 new urgent',
    );
    expect(attentionTitle([])).toBeNull();
  });
});
