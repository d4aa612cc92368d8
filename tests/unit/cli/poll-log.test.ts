/**
 * Poll failures and recoveries reach the log file (issue 7, defect 6), without a line per
 * retry for as long as a vendor is down.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppender, createLogger } from '../../../src/cli/files.js';
import { createPollLog } from '../../../src/cli/poll-log.js';
import type { PluginLogger } from '../../../src/plugin-api/index.js';
import { type CockpitStore, createCockpitStore, type PollEvent } from '../../../src/store/scheduler.js';
import { incident } from '../domain/records.js';
import { failure, fakePort } from '../store/fake-port.js';

/** Generous: a loaded 2-core box can take seconds (issue 7, defect 12). */
const LOADED = { timeout: 10_000 };

interface Line {
  level: string;
  instance: string;
  msg: string;
  data: Record<string, unknown>;
}

function memoryLogger() {
  const lines: Line[] = [];
  const logger = (instance: string): PluginLogger => {
    const at = (level: string) => (msg: string, data?: Record<string, unknown>) =>
      lines.push({ level, instance, msg, data: data ?? {} });
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  };
  return { lines, logger };
}

const failed = (failures: number, over: Partial<Extract<PollEvent, { type: 'failed' }>> = {}): PollEvent => ({
  type: 'failed',
  instance: 'pd',
  stream: 'incidents',
  code: 'UNAVAILABLE',
  message: 'PagerDuty GET /incidents failed (503).',
  failures,
  status: failures > 1 ? 'backoff' : 'error',
  retryInMs: 1000 * failures,
  at: failures,
  ...over,
});

describe('createPollLog', () => {
  it('writes the first failure in full, then only the 2nd, 4th, 8th… repeat, then the recovery', () => {
    const { lines, logger } = memoryLogger();
    const log = createPollLog(logger);
    for (let n = 1; n <= 20; n++) log(failed(n));
    log({ type: 'recovered', instance: 'pd', stream: 'incidents', failures: 20, downMs: 600_000, at: 21 });
    expect(lines.map((l) => `${l.level} ${l.msg} ${l.data.failures}`)).toEqual([
      'warn poll failed 1',
      'warn poll still failing 2',
      'warn poll still failing 4',
      'warn poll still failing 8',
      'warn poll still failing 16',
      'info poll recovered 20',
    ]);
    expect(lines[0]!.data).toMatchObject({
      stream: 'incidents',
      code: 'UNAVAILABLE',
      error: 'PagerDuty GET /incidents failed (503).',
      retryInMs: 1000,
    });
    // Each "still failing" line says how many were not written since the last one.
    expect(lines.slice(1, 5).map((l) => l.data.unlogged)).toEqual([0, 1, 3, 7]);
    expect(lines[5]!.data).toMatchObject({ downMs: 600_000, unlogged: 4 }); // 17th to 20th
  });

  it('writes a different failure in full at once; numbers alone do not make it different', () => {
    const { lines, logger } = memoryLogger();
    const log = createPollLog(logger);
    log(failed(1, { code: 'RATE_LIMITED', message: 'rate limit hit (429). Retry in 30s.' }));
    log(failed(3, { code: 'RATE_LIMITED', message: 'rate limit hit (429). Retry in 60s.' }));
    log(failed(5, { code: 'TIMEOUT', message: 'no answer within 10s' }));
    expect(lines.map((l) => `${l.msg} ${l.data.code}`)).toEqual([
      'poll failed RATE_LIMITED',
      'poll failed TIMEOUT',
    ]);
  });

  it('logs a pause as an error (it needs a human) and keeps streams apart', () => {
    const { lines, logger } = memoryLogger();
    const log = createPollLog(logger);
    log(failed(1, { code: 'AUTH', status: 'paused', retryInMs: null }));
    log(failed(1, { stream: 'oncall' }));
    log(failed(1, { instance: 'sn' }));
    expect(lines.map((l) => `${l.level} ${l.instance} ${l.data.stream} ${l.msg}`)).toEqual([
      'error pd incidents poll failed, polling paused',
      'warn pd oncall poll failed',
      'warn sn incidents poll failed',
    ]);
  });
});

describe('scheduler → log file', () => {
  let store: CockpitStore | undefined;
  afterEach(async () => {
    await store?.stop();
    store = undefined;
  });

  it('a failing and then recovering stream leaves its story in the log file, redacted', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'itops-polllog-')), 'itops.log');
    const logger = createLogger(createAppender(file), (t) => t.replaceAll('s3cret', '[redacted]'));
    let down = true;
    const port = fakePort('pd-x', {
      fetch: async () => {
        if (down) throw failure('UNAVAILABLE', 'GET /incidents?token=s3cret failed (503)');
        return [incident('1', { source: 'pd-x' })];
      },
    });
    const events: PollEvent[] = [];
    const pollLog = createPollLog(logger);
    store = createCockpitStore({
      ports: [port],
      clock: { now: () => Date.now() },
      intervals: { 'pd-x': { incidents: 600_000 } },
      onPoll: (e) => {
        events.push(e);
        pollLog(e);
      },
    });
    await store.firstLoad();
    store.refresh();
    await vi.waitFor(() => expect(events).toHaveLength(2), LOADED);
    down = false;
    store.refresh();
    await vi.waitFor(
      () => expect(events.map((e) => e.type)).toEqual(['failed', 'failed', 'recovered']),
      LOADED,
    );
    await vi.waitFor(() => expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3), LOADED);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => [l.level, l.instance, l.msg])).toEqual([
      ['warn', 'pd-x', 'poll failed'],
      ['warn', 'pd-x', 'poll still failing'],
      ['info', 'pd-x', 'poll recovered'],
    ]);
    expect(lines[0]!.data).toMatchObject({ stream: 'incidents', code: 'UNAVAILABLE', failures: 1 });
    expect(String(lines[0]!.data.error)).toContain('[redacted]');
    expect(readFileSync(file, 'utf8')).not.toContain('s3cret');
    expect(lines[2]!.data).toMatchObject({ stream: 'incidents', failures: 2 });
    expect(lines[2]!.data.downMs).toBeGreaterThanOrEqual(0);
    // The status view's history has the transitions (first failure, recovery), not every retry.
    const history = store.getState().history.map((h) => h.text);
    expect(history).toEqual([
      'pd-x incidents: poll failed (UNAVAILABLE): GET /incidents?token=s3cret failed (503)',
      'pd-x incidents: recovered after 2 failed poll(s)',
    ]);
  });

  it('a reporter that throws never stops polling', async () => {
    const port = fakePort('pd-y', { fetch: async () => Promise.reject(failure('TIMEOUT', 'slow')) });
    store = createCockpitStore({
      ports: [port],
      clock: { now: () => Date.now() },
      intervals: { 'pd-y': { incidents: 600_000 } },
      onPoll: () => {
        throw new Error('log sink broken');
      },
    });
    await store.firstLoad();
    expect(store.getState().connectors['pd-y']!.streams.incidents).toMatchObject({
      status: 'error',
      failures: 1,
    });
    expect(store.getState().connectors['pd-y']!.streams.incidents!.nextPollAt).not.toBeNull();
  });
});
