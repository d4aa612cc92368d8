/**
 * Event-loop stall recorder for profiling (`ITOPS_DEBUG_STALLS=FILE`): once a second it appends
 * one JSON line to FILE with the longest event-loop delay of that second (perf_hooks'
 * monitorEventLoopDelay), its p99, and the process's RSS and heap. `npm run bench` reads it to
 * report the longest stall during first load, during polls and while idle.
 *
 * Off by default, and free when off: main.ts imports this module only when the variable is set.
 * The timer is unref'd so it never keeps the process alive; the file is written synchronously
 * (one short line a second) so the last second before a crash or quit is not lost.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StallSample {
  /** Wall-clock ms (Date.now()) at the end of the window: comparable across processes. */
  t: number;
  /** Window length in ms. */
  windowMs: number;
  /** Longest event-loop delay in the window, ms (resolution 10 ms). */
  maxMs: number;
  p99Ms: number;
  rss: number;
  heapUsed: number;
}

/** The file named by ITOPS_DEBUG_STALLS cannot be written: said before the screen is taken. */
export class StallFileError extends Error {
  override readonly name = 'StallFileError';
}

export interface StallRecorder {
  stop(): void;
}

export function startStallRecorder(file: string, periodMs = 1000): StallRecorder {
  try {
    writeFileSync(file, '');
  } catch (err) {
    throw new StallFileError(`ITOPS_DEBUG_STALLS: cannot write ${file}: ${(err as Error).message}`);
  }
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let last = Date.now();
  const flush = () => {
    const t = Date.now();
    const mem = process.memoryUsage();
    const sample: StallSample = {
      t,
      windowMs: t - last,
      // The histogram is empty when no timer tick completed in the window: the whole window
      // was one stall, so report its length rather than 0.
      maxMs: histogram.count > 0 ? histogram.max / 1e6 : t - last,
      p99Ms: histogram.count > 0 ? histogram.percentile(99) / 1e6 : t - last,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
    };
    last = t;
    histogram.reset();
    try {
      appendFileSync(file, `${JSON.stringify(sample)}\n`);
    } catch {
      // A debug aid must never take the cockpit down (disk full, file removed).
    }
  };
  const timer = setInterval(flush, periodMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      flush();
      histogram.disable();
    },
  };
}
