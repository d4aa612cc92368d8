/**
 * `timeline()` through the worker host (issue 15): the record goes to the plugin's thread, the
 * entries come back checked again on the UI thread (sanitized, redacted, bad ones dropped),
 * and a plugin's failure arrives as its error.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type IsolatedPort, startIsolatedConnector } from '../../src/host/isolated.js';
import type { PluginInfo } from '../../src/host/worker/protocol.js';
import { resolveActions, streamOfKind } from '../../src/plugin-api/index.js';
import { incident } from '../unit/domain/records.js';

const file = fileURLToPath(new URL('../fixtures/plugins/timeline.mjs', import.meta.url));
const caps = ['incidents.read', 'incidents.timeline'] as const;
const info = (capabilities: PluginInfo['capabilities']): PluginInfo => ({
  id: 'timeline-fixture',
  version: '0.0.1',
  displayName: 'Timeline Fixture',
  capabilities,
  streams: ['incidents'],
  actions: resolveActions(capabilities, undefined, undefined, streamOfKind),
  traits: [],
});

const started: IsolatedPort[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.dispose()));
});

function start(config: Record<string, unknown> = {}, capabilities: PluginInfo['capabilities'] = [...caps]) {
  const port = startIsolatedConnector(
    'tl',
    { plugin: file, ...config },
    { kind: 'file', file },
    info(capabilities),
    {
      hostVersion: '0.0.0-test',
      demo: false,
      baseDir: '/',
      clock: { kind: 'real' },
      http: {},
      resolveSecret: async () => 'tok-secret-1234',
      logger: () => ({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }),
      redact: (t) => t.replaceAll('tok-secret-1234', '[REDACTED]'),
      setupTimeoutMs: 10_000,
      readTimeoutMs: 10_000,
      writeTimeoutMs: 10_000,
    },
  );
  started.push(port);
  return port;
}

describe('timeline through the worker host', () => {
  it('passes the incident to the plugin and returns its entries checked, newest first', async () => {
    const port = start();
    await port.ready;
    const entries = await port.timeline!(incident('9', { key: '#9' }));
    expect(entries).toEqual([
      { at: '2030-01-01T10:05:00Z', kind: 'note', who: 'Ana', text: 'token [REDACTED] 🚀' },
      { at: '2030-01-01T10:00:00Z', kind: 'status', text: 'Triggered #9' },
    ]);
  });

  it("reports the plugin's failure, redacted, and refuses when the capability was not declared", async () => {
    const failing = start({ fail: true });
    await failing.ready;
    const err = (await failing.timeline!(incident('9', { key: '#9' })).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/vendor refused #9 with \[REDACTED\]/);
    const without = start({}, ['incidents.read']);
    await expect(without.timeline!(incident('9'))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
