/** Issue 14: the simulators' request log is a bounded ring, so a week-long demo stays flat. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_REQUEST_LOG_LIMITS, type RecordedRequest, RequestLog } from '../../../src/sim/http/recorder.js';
import { startSimulators } from '../../../src/sim/index.js';

function exchange(n: number, body = ''): RecordedRequest {
  return {
    at: n,
    method: 'GET',
    url: `/incidents?offset=${n}`,
    path: '/incidents',
    query: {},
    headers: {},
    body: undefined,
    status: 200,
    responseHeaders: {},
    responseBody: body,
    requestHeaders: {},
    requestBody: undefined,
  };
}

describe('RequestLog', () => {
  it('keeps the newest exchanges in order and counts the dropped ones', () => {
    const log = new RequestLog();
    log.limits = { entries: 3, chars: 1_000_000 };
    for (let i = 1; i <= 10; i++) log.push(exchange(i));
    expect(log.map((r) => r.at)).toEqual([8, 9, 10]);
    expect(log.dropped).toBe(7);
    // Still an array for assertions: filter and find as before, and plain arrays come back.
    expect(log.filter((r) => r.at > 8)).toHaveLength(2);
    expect(Array.isArray(log.slice())).toBe(true);
    log.clear();
    expect(log).toHaveLength(0);
    expect([log.dropped, log.chars]).toEqual([0, 0]);
  });

  it('bounds the characters held, dropping whole exchanges, never the newest', () => {
    const log = new RequestLog();
    log.limits = { entries: 100, chars: 1_000 };
    log.push(exchange(1, 'a'.repeat(400)), exchange(2, 'b'.repeat(400)));
    log.push(exchange(3, 'c'.repeat(400)));
    expect(log.map((r) => r.at)).toEqual([2, 3]);
    // One exchange larger than the whole budget is still kept (it is the one being debugged).
    log.push(exchange(4, 'd'.repeat(5_000)));
    expect(log.map((r) => r.at)).toEqual([4]);
    expect(log[0]!.responseBody).toHaveLength(5_000);
  });

  it('never holds more than its limits, whatever the traffic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (bodies, entries) => {
          const log = new RequestLog();
          log.limits = { entries, chars: 2_000 };
          for (const [i, b] of bodies.entries()) log.push(exchange(i, b));
          expect(log.length).toBeLessThanOrEqual(entries);
          expect(log.length + log.dropped).toBe(bodies.length);
          const held = log.reduce((n, r) => n + r.url.length + (r.responseBody?.length ?? 0), 0);
          expect(log.chars).toBe(held);
          if (log.length > 1) expect(held).toBeLessThanOrEqual(2_000);
          // The newest is always there, and order is arrival order.
          if (bodies.length > 0) expect(log.at(-1)!.at).toBe(bodies.length - 1);
          expect(log.map((r) => r.at)).toEqual([...log.map((r) => r.at)].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('keeps everything unless bounded; the demo bounds every simulator', async () => {
    const log = new RequestLog();
    for (let i = 0; i < 2_500; i++) log.push(exchange(i, 'x'.repeat(10_000)));
    expect([log.length, log.dropped]).toEqual([2_500, 0]);
    const sims = await startSimulators({ requestLog: DEMO_REQUEST_LOG_LIMITS });
    try {
      for (const s of [sims.pagerduty, sims.servicenow, sims.crowdstrike])
        expect(s.server.requests.limits).toEqual({ entries: 1_000, chars: 8 * 1024 * 1024 });
    } finally {
      await sims.close();
    }
  });
});
