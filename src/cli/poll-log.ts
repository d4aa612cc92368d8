/**
 * Poll failures and recoveries into the log file. The scheduler reports every failed
 * poll; writing each one would put a line per stream every backoff step for as long as
 * a vendor is down (a weekend outage: thousands of identical lines). So, per stream:
 * - the first failure of a run, and any failure whose code or message (numbers aside)
 *   differs from the last one written, is written in full;
 * - repeats of the same failure are written only at the 2nd, 4th, 8th, 16th… in a row,
 *   saying how many were not written since;
 * - the recovery is always written, with how long the stream was down and how many
 *   failures it took.
 */
import type { PluginLogger } from '../plugin-api/index.js';
import type { PollEvent } from '../store/scheduler.js';

interface Run {
  signature: string;
  /** Failures since the last line written for this run. */
  skipped: number;
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function createPollLog(logger: (instance: string) => PluginLogger): (event: PollEvent) => void {
  const runs = new Map<string, Run>();
  return (event) => {
    const key = `${event.instance}\u0000${event.stream}`;
    const log = logger(event.instance);
    if (event.type === 'recovered') {
      const run = runs.get(key);
      runs.delete(key);
      log.info('poll recovered', {
        stream: event.stream,
        failures: event.failures,
        downMs: event.downMs,
        ...(run?.skipped ? { unlogged: run.skipped } : {}),
      });
      return;
    }
    // Numbers are left out of the comparison: "Retry in 30s" then "Retry in 60s" is the same failure.
    const signature = `${event.code}\u0000${event.message.replace(/\d+/g, '#')}`;
    const run = runs.get(key);
    const data = {
      stream: event.stream,
      code: event.code,
      status: event.status,
      failures: event.failures,
      retryInMs: event.retryInMs,
      error: event.message,
    };
    const write = event.status === 'paused' ? log.error : log.warn;
    if (!run || run.signature !== signature) {
      runs.set(key, { signature, skipped: 0 });
      write(event.status === 'paused' ? 'poll failed, polling paused' : 'poll failed', data);
      return;
    }
    if (isPowerOfTwo(event.failures)) {
      write('poll still failing', { ...data, unlogged: run.skipped });
      run.skipped = 0;
      return;
    }
    run.skipped += 1;
  };
}
