/**
 * The stall recorder behind ITOPS_DEBUG_STALLS (used by `npm run bench`): one JSON line per
 * window with the longest event-loop delay. Only lower bounds are asserted — a loaded machine
 * can make a stall look longer, never shorter — so nothing here depends on timing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StallFileError, type StallSample, startStallRecorder } from '../../src/cli/stall-recorder.js';

const read = (file: string): StallSample[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StallSample);

describe('stall recorder', () => {
  it('counts live timers and listeners, so the soak can tell flat from growing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-stalls-'));
    const sample = (name: string) => {
      const file = join(dir, name);
      startStallRecorder(file, 60_000).stop();
      return read(file).at(-1)!;
    };
    const timers = [1, 2, 3].map(() => setInterval(() => {}, 60_000));
    const onSignal = () => {};
    process.on('SIGUSR2', onSignal);
    const held = sample('held.jsonl');
    for (const t of timers) clearInterval(t);
    process.off('SIGUSR2', onSignal);
    const released = sample('released.jsonl');
    expect((held.resources.Timeout ?? 0) - (released.resources.Timeout ?? 0)).toBe(3);
    expect(held.listeners - released.listeners).toBe(1);
  });

  it('records a blocked event loop as a stall at least as long as the block', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'itops-stalls-')), 'stalls.jsonl');
    const recorder = startStallRecorder(file, 50);
    // Let the histogram's timer run once, then block the loop for 150 ms.
    await new Promise((r) => setTimeout(r, 30));
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // busy: nothing else may run
    }
    await new Promise((r) => setTimeout(r, 120));
    recorder.stop();
    const samples = read(file);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...samples.map((s) => s.maxMs))).toBeGreaterThanOrEqual(120);
    for (const s of samples) {
      expect(s.t).toBeGreaterThan(0);
      expect(s.rss).toBeGreaterThan(0);
      expect(s.heapUsed).toBeGreaterThan(0);
      expect(s.windowMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a file it cannot write with a message naming the variable and the file', () => {
    const file = join(tmpdir(), 'no-such-dir-itops', 'x', 'stalls.jsonl');
    expect(() => startStallRecorder(file)).toThrow(StallFileError);
    expect(() => startStallRecorder(file)).toThrow(/ITOPS_DEBUG_STALLS: cannot write .*stalls\.jsonl/);
  });
});
