/**
 * Issue 10: the host validates and sanitizes a record once. A plugin returning the same record
 * again (as new objects, every poll) gets the product of last time back; anything that differs,
 * and anything that needed cleaning, goes the full way again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Incident } from '../../../src/domain/model.js';
import { createConnectorPort } from '../../../src/host/connector.js';
import { definePlugin, type Plugin } from '../../../src/plugin-api/index.js';
import { incident } from '../domain/records.js';

const plugin = definePlugin({
  apiVersion: 1,
  id: 'fake',
  displayName: 'Fake Vendor',
  version: '1.0.0',
  capabilities: ['incidents.read'],
  configSchema: z.object({}),
  setup: () => ({}) as never,
}) as unknown as Plugin;

function portOver(list: () => unknown[]) {
  return createConnectorPort('pd-eu', plugin, { listIncidents: async () => list() } as never, {
    readTimeoutMs: 5_000,
  });
}

describe('the host keeps what it validated', () => {
  it('the same records as new objects come back as last poll’s objects', async () => {
    const data = [incident('1'), incident('2')];
    const p = portOver(() => structuredClone(data));
    const first = await p.fetch('incidents');
    const second = await p.fetch('incidents');
    expect(second).toEqual(first);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
  });

  it('a changed record is validated again; the unchanged one is kept', async () => {
    let data = [incident('1'), incident('2')];
    const p = portOver(() => structuredClone(data));
    const first = await p.fetch('incidents');
    data = [incident('1'), incident('2', { status: 'acknowledged' })];
    const second = (await p.fetch('incidents')) as Incident[];
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.status).toBe('acknowledged');
  });

  it('a record another plugin instance claims is still stamped with this one', async () => {
    const p = portOver(() => [incident('1', { source: 'someone-else' })]);
    const [a] = await p.fetch('incidents');
    const [b] = await p.fetch('incidents');
    expect(a!.source).toBe('pd-eu');
    expect(b).toBe(a);
  });

  it('an invalid record that once was valid is refused, not served from the cache', async () => {
    let data: unknown[] = [incident('1'), incident('2')];
    const p = portOver(() => structuredClone(data));
    await p.fetch('incidents');
    data = [incident('1'), { ...incident('2'), status: 'exploded' }];
    expect(await p.fetch('incidents')).toHaveLength(1);
  });

  it('whatever text a vendor sends, a second poll returns what a fresh port would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), async (t1, t2) => {
        const p = portOver(() => [incident('1', { title: t1 }), incident('2', { title: t2 })]);
        await p.fetch('incidents');
        const cached = await p.fetch('incidents');
        const fresh = await portOver(() => [
          incident('1', { title: t1 }),
          incident('2', { title: t2 }),
        ]).fetch('incidents');
        expect(cached).toEqual(fresh);
      }),
      { numRuns: 100 },
    );
  });
});
