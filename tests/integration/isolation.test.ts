/**
 * Issue 11, item 1: every row of the table that is about what a plugin does at run
 * time, against the real worker host (src/host/isolated.ts + src/host/worker/main.ts). The
 * hostile plugin (tests/fixtures/plugins/hostile.mjs) misbehaves as its config asks. Limits
 * are small so nothing waits long; nothing here depends on how fast the machine is: results
 * are awaited, and "the UI thread kept running" is shown by counting its timer ticks.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../src/domain/model.js';
import { type IsolatedDeps, type IsolatedPort, startIsolatedConnector } from '../../src/host/isolated.js';
import type { PluginInfo } from '../../src/host/worker/protocol.js';
import { resolveActions, streamOfKind } from '../../src/plugin-api/index.js';
import { STREAM_SCHEMAS } from '../../src/plugin-api/record-schemas.js';
import { createCockpitStore } from '../../src/store/scheduler.js';

const file = fileURLToPath(new URL('../fixtures/plugins/hostile.mjs', import.meta.url));
const info: PluginInfo = {
  id: 'hostile',
  version: '0.0.1',
  displayName: 'Hostile',
  capabilities: ['incidents.read', 'incidents.ack'],
  streams: ['incidents'],
  actions: resolveActions(['incidents.read', 'incidents.ack'], undefined, undefined, streamOfKind),
  traits: [],
};

interface Started {
  port: IsolatedPort;
  logs: string[];
  troubles: string[];
}

const started: IsolatedPort[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.dispose()));
});

function start(
  config: Record<string, unknown>,
  overrides: Partial<IsolatedDeps> = {},
  instance = 'h1',
): Started {
  const logs: string[] = [];
  const troubles: string[] = [];
  const log = (level: string) => (msg: string) => logs.push(`${level} ${msg}`);
  const port = startIsolatedConnector(instance, { plugin: file, ...config }, { kind: 'file', file }, info, {
    hostVersion: '0.0.0-test',
    demo: false,
    baseDir: '/',
    clock: { kind: 'real' },
    http: {},
    resolveSecret: async () => 'tok-secret-1234',
    logger: () => ({ debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }),
    redact: (t) => t.replaceAll('tok-secret-1234', '[REDACTED]'),
    onTrouble: (_i, _level, message) => troubles.push(message),
    setupTimeoutMs: 2_000,
    readTimeoutMs: 2_000,
    writeTimeoutMs: 2_000,
    ...overrides,
    isolation: { stuckMs: 1_000, restartFirstMs: 50, restartMaxMs: 200, ...overrides.isolation },
  });
  started.push(port);
  return { port, logs, troubles };
}

/** Counts ticks of a 10 ms timer on this (the UI's) thread while `work` runs. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ result: PromiseSettledResult<T>; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const [result] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { result: result!, ticks };
}

const rejection = (r: PromiseSettledResult<unknown>) => {
  expect(r.status).toBe('rejected');
  return (r as PromiseRejectedResult).reason as { code: string; message: string };
};

describe('setup that misbehaves is a refusal with the plugin named, never a hang', () => {
  it('never resolves: TIMEOUT from the setup deadline', async () => {
    const { port } = start({ setup: 'hang' }, { setupTimeoutMs: 300 });
    const err = await port.ready.then(
      () => undefined,
      (e: { code: string; message: string }) => e,
    );
    expect(err?.code).toBe('PLUGIN_SETUP');
    expect(err?.message).toMatch(/hostile setup failed: no answer within 0.3s/);
  });

  it('spins (while true): its thread is stopped by the heartbeat', async () => {
    const { port } = start({ setup: 'spin' }, { isolation: { stuckMs: 300 } });
    const { result, ticks } = await ticksDuring(port.ready);
    expect(rejection(result).message).toMatch(
      /plugin hostile \(h1\) blocked its thread for more than 0.3 s \(during setup\)/,
    );
    expect(ticks).toBeGreaterThan(5); // this thread kept running all along
  });

  it('calls process.exit(): only its thread ends', async () => {
    const { port } = start({ setup: 'exit' });
    const err = await port.ready.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/plugin hostile \(h1\) ended its thread \(process\.exit\(7\)\)/);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('writes to stdout and stderr: into its log, escape sequences removed, never the terminal', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const { port, logs } = start({ setup: 'stdout' });
    await port.ready;
    await vi.waitFor(() => {
      expect(logs.join('\n')).toMatch(/raw stderr from setup/);
      expect(logs.join('\n')).toMatch(/raw stdout from setup/);
    });
    const out = logs.filter((l) => / wrote to std(out|err): /.test(l));
    expect(out.join('\n')).toMatch(/hello from setup/);
    expect(out.join('\n')).toMatch(/raw stdout from setup/);
    expect(out.join('\n')).not.toMatch(/\u001b|\u0007/);
    expect(write.mock.calls.flat().join('')).not.toMatch(/hello from setup|pwned/);
    write.mockRestore();
  });
});

describe('polls that misbehave cost their own connector only', () => {
  it('a poll that never resolves is a TIMEOUT; the worker still answers afterwards', async () => {
    const { port } = start({ poll: 'hang' }, { readTimeoutMs: 300 });
    const err = await port.fetch('incidents').catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect((await port.health()).detail).toBe('polls=1');
  });

  it('a poll that spins is stopped, named, and the worker restarts', async () => {
    const { port, troubles } = start({ poll: 'spin' }, { isolation: { stuckMs: 400 } });
    await port.ready;
    const { result, ticks } = await ticksDuring(port.fetch('incidents'));
    const err = rejection(result);
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(
      /plugin hostile \(h1\) blocked its thread for more than 0.4 s \(during fetch\)/,
    );
    expect(ticks).toBeGreaterThan(5);
    expect(troubles.join('\n')).toMatch(/blocked its thread.*restarting in/);
    // A new thread: its poll counter started again.
    await vi.waitFor(async () => expect((await port.health()).detail).toBe('polls=0'));
  });

  it('blocking for longer than stuckSeconds is the same; shorter blocks just answer', async () => {
    const slow = start({ poll: 'block', blockMs: 1_500 }, { isolation: { stuckMs: 400 } }, 'slow');
    const err: unknown = await slow.port.fetch('incidents').catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect((err as Error).message).toMatch(/plugin hostile \(slow\) blocked its thread/);
    // Shorter than stuckSeconds: it answers, and the block is still blamed on it.
    const brief = start({ poll: 'block', blockMs: 4_500 }, { isolation: { stuckMs: 60_000 } }, 'brief');
    expect(await brief.port.fetch('incidents')).toHaveLength(1);
    await vi.waitFor(() =>
      expect(brief.troubles.join('\n')).toMatch(
        /plugin hostile \(brief\) blocked its thread for \d+(\.\d)? s \(during fetch\)/,
      ),
    );
  });

  it('a connector that blocks does not hold up another: its polls keep answering', async () => {
    const blocker = start({ poll: 'block', blockMs: 60_000 }, { isolation: { stuckMs: 60_000 } }, 'blocker');
    const healthy = start({}, {}, 'healthy');
    await Promise.all([blocker.port.ready, healthy.port.ready]);
    let blocked = true;
    void blocker.port
      .fetch('incidents')
      .catch(() => {})
      .finally(() => {
        blocked = false;
      });
    const a = (await healthy.port.fetch('incidents')) as Incident[];
    const b = (await healthy.port.fetch('incidents')) as Incident[];
    expect(a[0]!.title).toMatch(/poll 1$/);
    expect(b[0]!.title).toMatch(/poll 2$/);
    expect(blocked).toBe(true); // the blocker is still inside its 60 s loop
  });

  it('out of memory: its worker is stopped with the limit named; the cockpit lives on', async () => {
    // Near the limit the garbage collector holds the thread; the heartbeat is not what stops it here.
    const { port } = start({ poll: 'oom' }, { isolation: { memoryMb: 32, stuckMs: 60_000 } });
    await port.ready;
    const err: unknown = await port.fetch('incidents').catch((e: Error) => e);
    expect((err as Error).message).toMatch(/plugin hostile \(h1\) ran out of memory \(limit 32 MB\)/);
  });

  it('process.exit() in a poll ends its thread only, named, and it restarts', async () => {
    const { port } = start({ poll: 'exit' });
    await port.ready;
    const err = await port.fetch('incidents').catch((e: Error) => e);
    expect((err as Error).message).toMatch(/plugin hostile \(h1\) ended its thread \(process\.exit\(9\)\)/);
    await vi.waitFor(async () => expect((await port.health()).ok).toBe(true));
  });

  it('a throw from its timer is blamed on it and the connector carries on', async () => {
    const { port, troubles } = start({ poll: 'timer-throw' });
    await port.fetch('incidents');
    await vi.waitFor(() =>
      expect(troubles.join('\n')).toMatch(
        /plugin hostile \(h1\) threw outside any call: Error: boom from a timer after poll 1/,
      ),
    );
    expect(((await port.fetch('incidents')) as Incident[])[0]!.title).toMatch(/poll 2$/);
  });

  it('console.log and escape codes in a poll go to its log only', async () => {
    const { port, logs } = start({ poll: 'stdout' });
    await port.fetch('incidents');
    await vi.waitFor(() => expect(logs.join('\n')).toMatch(/wrote to stdout: .*poll output/));
    expect(logs.join('\n')).not.toMatch(/\u001b|\u0007/);
  });

  it('100,000 records: capped per stream with a warning, sent in slices', async () => {
    // Building 100,000 records is the plugin's own work and takes its thread a while: not "stuck".
    const { port, troubles } = start(
      { poll: 'many', count: 100_000 },
      { isolation: { maxRecords: 5_000, stuckMs: 60_000 } },
    );
    const records = await port.fetch('incidents');
    expect(records).toHaveLength(5_000);
    expect(records.every((r) => r.source === 'h1')).toBe(true);
    expect(troubles.join('\n')).toMatch(
      /dropped 95000 of 100000 incidents records over the limit of 5000 per stream \(plugins\.maxRecordsPerStream\)/,
    );
  });
});

describe('the cockpit trusts nothing from a worker', () => {
  it('messages a plugin posts itself are re-checked: stamped, sanitized, redacted', async () => {
    const { port, logs, troubles } = start({ poll: 'forge' });
    const records = (await port.fetch('incidents')) as Incident[];
    const text = JSON.stringify(records) + logs.join('\n') + troubles.join('\n');
    expect(records.every((r) => r.source === 'h1')).toBe(true);
    // The forged record arrived (its slice named the fetch's id) and was stamped as h1's.
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining(['H1', 'H666']));
    expect(text).toMatch(/forged log/);
    expect(text).toMatch(/forged trouble/);
    expect(text).not.toMatch(/\u001b|\u0007|tok-secret-1234/);
    expect(logs.join('\n')).toMatch(/dropped 1 incidents records on arrival/);
  });
});

describe('an unchanged record is checked once on this thread (issue 10, poll stalls)', () => {
  // Thousands of records keep a worker busy for a while on a loaded machine: not a stuck thread.
  const patient = { isolation: { stuckMs: 60_000 } };
  it("a record the worker sends again unchanged is last poll's object, not parsed again; a changed one is", async () => {
    const { port } = start({ poll: 'steady', count: 3_000 }, patient);
    const first = (await port.fetch('incidents')) as Incident[];
    const parse = vi.spyOn(STREAM_SCHEMAS.incidents, 'safeParse');
    try {
      const second = (await port.fetch('incidents')) as Incident[];
      expect(second).toHaveLength(3_000);
      // 2,998 identical records: the same objects, so everything memoised on them stays valid.
      for (let i = 2; i < second.length; i++) expect(second[i]).toBe(first[i]);
      expect(second[1]?.title).toBe('settled at poll 2');
      // The one that changed went the whole way: parsed here, and its escape sequence removed.
      expect(second[0]).not.toBe(first[0]);
      expect(second[0]?.title).toMatch(/changing poll 2$/);
      expect(second[0]?.title).not.toMatch(/\u001b|\u0007/);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('a fetch this thread abandoned is not referred to: the next poll arrives whole, nothing lost', async () => {
    // Poll 2 waits out this thread's deadline (5 s), then the worker answers it anyway.
    const { port } = start(
      { poll: 'steady', count: 500, slowPoll: 2, blockMs: 8_000 },
      { readTimeoutMs: 5_000, ...patient },
    );
    await port.ready;
    const first = (await port.fetch('incidents')) as Incident[];
    await expect(port.fetch('incidents')).rejects.toMatchObject({ code: 'TIMEOUT' });
    // The worker finished poll 2 and sent its slices, which nobody here kept (its reply's stats say when).
    await vi.waitFor(() => expect(port.lastStats().operations.listIncidents?.calls).toBe(2), {
      timeout: 30_000,
      interval: 50,
    });
    const third = (await port.fetch('incidents')) as Incident[];
    expect(third).toHaveLength(500);
    for (let i = 2; i < third.length; i++) expect(third[i]).toBe(first[i]);
    // Changed in the poll this thread never kept: it must arrive in full, not as "unchanged".
    expect(third[1]?.title).toBe('settled at poll 2');
    expect(third[0]?.title).toMatch(/changing poll 3$/);
  });

  it('a slice naming a record this thread never kept gets nothing in: it is dropped and said', async () => {
    const { port, logs } = start({ poll: 'steady', count: 5, forgeRef: true }, patient);
    const records = (await port.fetch('incidents')) as Incident[];
    expect(records.map((r) => r.id)).toEqual(['H0', 'H1', 'H2', 'H3', 'H4']);
    expect(logs.join('\n')).toMatch(
      /dropped 1 incidents records on arrival \(1 sent as unchanged, but not held here\)/,
    );
  });

  it('an item equal to a kept record but for the source stamp, or for one field, is not taken for it', async () => {
    const { port } = start({ poll: 'steady', count: 2 }, patient);
    const first = (await port.fetch('incidents')) as Incident[];
    const second = (await port.fetch('incidents')) as Incident[];
    const third = (await port.fetch('incidents')) as Incident[];
    // The plugin never sends `source`; the host stamps it, so the kept record still matches.
    expect(third[1]).toBe(second[1]);
    expect(third.every((r) => r.source === 'h1')).toBe(true);
    expect(second[1]).not.toBe(first[1]);
    expect(third[0]).not.toBe(second[0]);
  });
});

describe('writes', () => {
  it('a write that never answers, then quit: audited as outcome unknown, quit while pending', async () => {
    const { port } = start({ act: 'hang' });
    const audit: Record<string, unknown>[] = [];
    const store = createCockpitStore({
      ports: [port],
      clock: { now: () => Date.now() },
      audit: (e) => {
        audit.push(e as unknown as Record<string, unknown>);
      },
      stopGraceMs: 100,
    });
    await store.firstLoad();
    const record = store.getState().connectors.h1!.streams.incidents!.records[0] as Incident;
    const outcome = store.runAction({
      action: 'incidents.ack',
      subject: {
        kind: 'incident',
        ref: { source: 'h1', id: record.id },
        label: '#H1',
        record,
      } as never,
    });
    await vi.waitFor(() => expect(audit.map((a) => a.phase)).toContain('intent'));
    await store.stop();
    expect(await outcome).toMatchObject({ ok: false, unknown: true });
    const done = audit.find((a) => a.phase === 'unknown');
    expect(done?.message).toMatch(/outcome unknown: quit while pending/);
    expect(done?.code).toBe('CANCELLED');
  });
});
