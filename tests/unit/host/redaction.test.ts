/**
 * Plugin-produced text is untrusted twice over: it may quote a resolved secret and
 * it may carry terminal escape sequences. The host scrubs both before the message
 * reaches the screen, snapshot JSON, stderr or the audit log.
 */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { subjectOf } from '../../../src/domain/kinds.js';
import { createConnectorPort } from '../../../src/host/connector.js';
import { definePlugin, type Plugin, PluginError } from '../../../src/plugin-api/index.js';
import { incident } from '../domain/records.js';

const SECRET = 's3cr3t-token-value';
const redact = (t: string) => t.split(SECRET).join('[REDACTED]');

const plugin = definePlugin({
  apiVersion: 1,
  id: 'leaky',
  displayName: 'Leaky',
  version: '1.0.0',
  capabilities: ['incidents.read', 'incidents.ack'],
  configSchema: z.object({}),
  setup: () => ({}) as never,
}) as unknown as Plugin;

function leakyPort() {
  return createConnectorPort(
    'leaky-1',
    plugin,
    {
      async listIncidents() {
        throw new PluginError('AUTH', `key ${SECRET} revoked \x1b]52;c;ZXZpbA==\x07\x1b[2J`);
      },
      async acknowledge() {
        return { ok: true as const, message: `acked with ${SECRET}\x1b[31m` };
      },
      async health() {
        return { ok: false, detail: `token ${SECRET} rejected` };
      },
    } as never,
    { redact },
  );
}

describe('host scrubs plugin messages', () => {
  it('removes secrets and escape sequences from errors, keeping the code', async () => {
    const err = (await leakyPort()
      .fetch('incidents')
      .then(
        () => null,
        (e: unknown) => e,
      )) as Error & { code: string };
    expect(err.message).toBe('key [REDACTED] revoked');
    expect(err.code).toBe('AUTH');
  });

  it('scrubs action outcomes and health details too', async () => {
    const p = leakyPort();
    const result = await p.act({ action: 'incidents.ack', subject: subjectOf(incident('x')), values: {} });
    expect(result.message).toBe('acked with [REDACTED]');
    expect((await p.health()).detail).toBe('token [REDACTED] rejected');
  });
});
