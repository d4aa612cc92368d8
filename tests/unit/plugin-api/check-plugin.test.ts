/**
 * checkPlugin as a plugin author meets it: it calls reads, actions, health and dispose the way
 * the host does, and names each thing the cockpit would suffer from — a call that never settles,
 * a blocked event loop, terminal output, a leaked secret, a result the host would drop.
 */
import { type ContractProblem, checkPlugin } from 'itops-tui/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Capability,
  definePlugin,
  type Incident,
  type Plugin,
  PluginError,
} from '../../../src/plugin-api/index.js';

const configSchema = z.object({
  plugin: z.string(),
  token: z.union([z.string(), z.object({ env: z.string() })]),
});

const incident = (id: string, title = `Disk full ${id}`): Incident => ({
  kind: 'incident',
  source: 'ignored',
  id,
  key: `AL-${id}`,
  title,
  status: 'triggered',
  vendorStatus: 'open',
  assignees: [],
  openedAt: '2026-01-01T00:00:00Z',
});

type Methods = Record<string, (...args: never[]) => unknown>;

/** A plugin whose connector is `methods` (health and listIncidents default to well-behaved). */
function pluginWith(
  methods: Methods,
  capabilities: Capability[] = ['incidents.read', 'incidents.ack'],
): Plugin {
  return definePlugin({
    apiVersion: 1,
    id: 'probe',
    displayName: 'Probe',
    version: '1.0.0',
    capabilities,
    configSchema,
    async setup(ctx) {
      const token = await ctx.secrets.resolve(ctx.config.token);
      return {
        async listIncidents() {
          return [incident('1'), incident('2')];
        },
        async acknowledge(i: Incident) {
          return { ok: true as const, message: `Acknowledged ${i.key}` };
        },
        async health() {
          return { ok: true, detail: `token of ${token.length} characters accepted` };
        },
        ...methods,
      } as never;
    },
  }) as unknown as Plugin;
}

const config = { plugin: 'probe', token: { env: 'PROBE_TOKEN' } };
const run = (plugin: Plugin, extra: Record<string, unknown> = {}) =>
  checkPlugin(plugin, {
    config,
    secrets: { PROBE_TOKEN: 'tok-s3cr3t-value' },
    callStreams: true,
    callActions: true,
    ...extra,
  });
const checks = (problems: ContractProblem[]) => problems.map((p) => p.check);

describe('checkPlugin', () => {
  it('passes a well-behaved plugin after calling its read, its action, health and dispose', async () => {
    const calls: string[] = [];
    const plugin = pluginWith({
      async listIncidents() {
        calls.push('listIncidents');
        return [incident('1', 'resolved one'), incident('2')].map((i, n) =>
          n === 0 ? { ...i, status: 'resolved' as const } : i,
        );
      },
      async acknowledge(i: Incident) {
        calls.push(`acknowledge ${i.id}`);
        return { ok: true, message: 'done' };
      },
      async health() {
        calls.push('health');
        return { ok: true, detail: 'fine' };
      },
      async dispose() {
        calls.push('dispose');
      },
    });
    expect(await run(plugin)).toEqual([]);
    // The action ran against the first unresolved incident the read returned.
    expect(calls).toEqual(['listIncidents', 'acknowledge 2', 'health', 'dispose']);
  });

  it('reports a read that never settles at the deadline, and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const plugin = pluginWith({
      listIncidents(s: AbortSignal) {
        signal = s;
        return new Promise(() => {});
      },
    });
    const problems = await run(plugin, { deadlineMs: 300, callActions: false });
    expect(problems).toEqual([
      {
        check: 'stream:incidents',
        message: 'listIncidents() did not settle within 300 ms (the host gives up and aborts it)',
      },
    ]);
    expect(signal?.aborted).toBe(true);
  });

  it('reports a call that blocks the event loop longer than allowed', async () => {
    const plugin = pluginWith({
      async listIncidents() {
        const until = Date.now() + 1_500;
        while (Date.now() < until) {
          // a synchronous parse of a huge response, say
        }
        return [];
      },
    });
    const problems = await run(plugin, { callActions: false });
    expect(checks(problems)).toEqual(['stream:incidents']);
    expect(problems[0]?.message).toMatch(
      /^listIncidents\(\) blocked the event loop for \d+ ms \(limit 1000 ms\)/,
    );
    expect(Number(problems[0]?.message.match(/for (\d+) ms/)?.[1])).toBeGreaterThanOrEqual(1_400);
  });

  it('reports writes to stdout and to the console, which would wreck the screen', async () => {
    const plugin = pluginWith({
      async listIncidents() {
        process.stdout.write('fetched page 1\n');
        return [];
      },
      async health() {
        console.log('checking health');
        return { ok: true, detail: 'ok' };
      },
    });
    const problems = await run(plugin, { callActions: false });
    expect(problems).toEqual([
      {
        check: 'stream:incidents',
        message: 'listIncidents() wrote to the terminal ("fetched page 1\\n"): use ctx.log',
      },
      {
        check: 'health',
        message: 'health() wrote to the terminal ("console.log: checking health"): use ctx.log',
      },
    ]);
  });

  it('finds a resolved secret in a record, an error message or a log line', async () => {
    const leaks = pluginWith({}, ['incidents.read', 'incidents.ack']);
    const plugin = definePlugin({
      apiVersion: 1,
      id: 'leaks',
      displayName: 'Leaks',
      version: '1.0.0',
      capabilities: ['incidents.read', 'incidents.ack'],
      configSchema,
      async setup(ctx) {
        const token = await ctx.secrets.resolve(ctx.config.token);
        const base = (await leaks.setup(ctx as never)) as unknown as Methods;
        return {
          ...base,
          async listIncidents() {
            return [incident('1', `token=${token}`)];
          },
          async acknowledge() {
            throw new PluginError('AUTH', `vendor refused ${encodeURIComponent(token)}`);
          },
          async health() {
            ctx.log.info('probing', { header: `Bearer ${token}` });
            return { ok: true, detail: 'fine' };
          },
          // Kept on the connector object, which never leaves the host: not a leak.
          token,
        } as never;
      },
    }) as unknown as Plugin;
    const problems = await run(plugin);
    const leaked = problems.filter((p) => p.message.includes('let a secret or credential through'));
    expect(checks(leaked)).toEqual(['stream:incidents', 'action:incidents.ack', 'health']);
    expect(JSON.stringify(problems)).not.toContain('tok-s3cr3t-value');
  });

  it('names results and errors the host would turn into failures', async () => {
    const plugin = pluginWith(
      {
        async listIncidents() {
          return [incident('1'), { ...incident('2'), status: 'open' }];
        },
        async acknowledge() {
          return { done: true };
        },
        async addNote() {
          throw new TypeError("Cannot read properties of undefined (reading 'id')");
        },
        async resolve() {
          throw Object.assign(new Error('nope'), { name: 'PluginError', code: 'GONE' });
        },
        async health() {
          return { ok: false, detail: 'token expired' };
        },
      },
      ['incidents.read', 'incidents.ack', 'incidents.note', 'incidents.resolve'],
    );
    expect(await run(plugin)).toEqual([
      {
        check: 'stream:incidents',
        message: '[1].status: Invalid option: expected one of "triggered"|"acknowledged"|"resolved"',
      },
      {
        check: 'action:incidents.ack',
        message: 'acknowledge() returned {"done":true}, not {ok: true, message}',
      },
      {
        check: 'action:incidents.resolve',
        message:
          'resolve() threw PluginError with unknown code GONE (the cockpit treats it as INTERNAL): nope',
      },
      {
        check: 'action:incidents.note',
        message:
          "addNote() threw TypeError, not a PluginError (the cockpit reports it as INTERNAL): Cannot read properties of undefined (reading 'id')",
      },
      { check: 'health', message: 'health() says not ok: token expired' },
    ]);
  });

  it('asks for an incident when there is none to act on, and uses the one given', async () => {
    const acted: string[] = [];
    const plugin = pluginWith({
      async listIncidents() {
        return [];
      },
      async acknowledge(i: Incident) {
        acted.push(i.id);
        return { ok: true, message: 'ok' };
      },
    });
    expect(await run(plugin)).toEqual([
      {
        check: 'action:incidents.ack',
        message: 'no incident to act on: read one with callStreams, or pass callActions: { incident }',
      },
    ]);
    expect(await run(plugin, { callActions: { incident: incident('77') } })).toEqual([]);
    expect(acted).toEqual(['77']);
  });

  it('reports a setup that throws, and stops there', async () => {
    const plugin = definePlugin({
      ...pluginWith({}),
      setup() {
        throw new PluginError('AUTH', 'token rejected');
      },
    } as never) as unknown as Plugin;
    expect(await run(plugin)).toEqual([
      { check: 'setup', message: 'threw PluginError AUTH: token rejected' },
    ]);
  });
});
