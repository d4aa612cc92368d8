/**
 * The host's side of `timeline()` (issue 15): whatever a plugin returns is validated entry by
 * entry, sanitized, ordered newest first and capped; the in-process port refuses connectors
 * that did not declare the capability.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createConnectorPort } from '../../../src/host/connector.js';
import type { PluginCallError } from '../../../src/host/errors.js';
import { checkTimeline } from '../../../src/host/timeline.js';
import {
  type Capability,
  definePlugin,
  type Plugin,
  requiredMethods,
} from '../../../src/plugin-api/index.js';
import { MAX_TIMELINE_ENTRIES } from '../../../src/plugin-api/record-schemas.js';
import { incident } from '../domain/records.js';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 10, minute)).toISOString();

function port(connector: Record<string, unknown>, capabilities: Capability[]) {
  const plugin = definePlugin({
    apiVersion: 1,
    id: 'fake',
    displayName: 'Fake Vendor',
    version: '1.0.0',
    capabilities,
    configSchema: z.object({}),
    setup: () => ({}) as never,
  }) as unknown as Plugin;
  const warn = vi.fn();
  return { p: createConnectorPort('fk', plugin, connector as never, { warn, readTimeoutMs: 500 }), warn };
}

describe('checkTimeline', () => {
  it('orders newest first, keeping the plugin order within one instant', () => {
    const { entries, problem } = checkTimeline('fk', [
      { at: at(1), kind: 'status', text: 'triggered' },
      { at: at(5), kind: 'note', text: 'first', who: 'Ana' },
      { at: at(5), kind: 'note', text: 'second' },
      { at: at(3), kind: 'assign', text: 'assigned' },
    ]);
    expect(entries.map((e) => e.text)).toEqual(['first', 'second', 'assigned', 'triggered']);
    expect(entries[0]).toEqual({ at: at(5), kind: 'note', text: 'first', who: 'Ana' });
    expect(problem).toBeUndefined();
  });

  it('drops entries that do not fit and says why; all bad is an error, none is an empty history', () => {
    const { entries, problem } = checkTimeline('fk', [
      { at: at(1), kind: 'status', text: 'ok' },
      { at: 'soon', kind: 'status', text: 'bad time' },
      { at: at(2), kind: 'gossip', text: 'bad kind' },
      null,
    ]);
    expect(entries.map((e) => e.text)).toEqual(['ok']);
    expect(problem).toMatch(/dropped 3 of 4 timeline entries/);
    expect(() => checkTimeline('fk', [{ at: 'x' }])).toThrow(/none of 1 timeline entries/);
    expect(() => checkTimeline('fk', { entries: [] })).toThrow(/no list/);
    expect(checkTimeline('fk', []).entries).toEqual([]);
  });

  it('strips escape sequences and line breaks, caps long text and the number of entries', () => {
    const many = Array.from({ length: MAX_TIMELINE_ENTRIES + 20 }, (_, i) => ({
      at: new Date(Date.UTC(2030, 0, 1) + i * 1000).toISOString(),
      kind: 'other',
      text: i === 0 ? `\x1b[2J\x1b]52;c;eA==\x07wiped\r\nline 2 ${'x'.repeat(9000)}` : `entry ${i}`,
    }));
    const { entries, problem } = checkTimeline('fk', many);
    expect(entries).toHaveLength(MAX_TIMELINE_ENTRIES);
    // Newest kept: the oldest (the hostile one) is the first to go.
    expect(entries.at(-1)?.text).toBe('entry 20');
    expect(problem).toMatch(/kept the newest 500/);
    const one = checkTimeline('fk', [many[0]]).entries[0]!;
    expect(one.text.startsWith('wiped line 2 x')).toBe(true);
    expect(one.text.length).toBeLessThanOrEqual(4000);
  });
});

describe('connector port timeline()', () => {
  it('calls the plugin with the incident and returns checked entries', async () => {
    const timeline = vi.fn(async () => [{ at: at(1), kind: 'note', text: 'hi 👋', who: 'Ana\x1b[31m' }]);
    const { p } = port({ timeline }, ['incidents.read', 'incidents.timeline']);
    const inc = incident('7');
    expect(await p.timeline!(inc)).toEqual([{ at: at(1), kind: 'note', text: 'hi 👋', who: 'Ana' }]);
    expect(timeline).toHaveBeenCalledWith(inc, expect.any(AbortSignal));
  });

  it('refuses when the capability is not declared, and reports a plugin failure as its error', async () => {
    const { p } = port({ timeline: async () => [] }, ['incidents.read']);
    await expect(p.timeline!(incident('1'))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const { p: failing } = port(
      {
        timeline: async () => {
          throw new Error('vendor said 500');
        },
      },
      ['incidents.timeline'],
    );
    const err = (await failing.timeline!(incident('1')).catch((e: unknown) => e)) as PluginCallError;
    expect(err.message).toMatch(/vendor said 500/);
  });

  it('is required of plugins that declare incidents.timeline', () => {
    expect(requiredMethods(['incidents.timeline'])).toContain('timeline');
  });
});
