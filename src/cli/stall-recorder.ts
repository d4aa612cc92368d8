/**
 * Event-loop stall recorder for profiling (`ITOPS_DEBUG_STALLS=FILE`): once a second it appends
 * one JSON line to FILE with the longest event-loop delay of that second (perf_hooks'
 * monitorEventLoopDelay), its p99, the process's RSS and heap, and its live handles, timers and
 * listeners. `npm run bench` reads it to report the longest stall during first load, during
 * polls and while idle, and the soak to tell flat from growing.
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
  /** Live handles and requests by type (`Timeout`, `TCPSocketWrap`, …): growth means a leak. */
  resources: Record<string, number>;
  /** Listeners on process, stdin and stdout together. */
  listeners: number;
  /** Set when a full GC ran just before this sample (only under `node --expose-gc`): heapUsed is then live data. */
  afterGc?: true;
}

/** Every listener of every event of an emitter. */
function listenerCount(e: NodeJS.EventEmitter | undefined): number {
  if (!e) return 0;
  return e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0);
}

/** Full GC every this many samples when the process exposes it (the soak bench does). */
const GC_EVERY = 10;

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
  let samples = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  const flush = () => {
    const t = Date.now();
    const collect = gc !== undefined && samples++ % GC_EVERY === 0;
    if (collect) gc();
    const mem = process.memoryUsage();
    const resources: Record<string, number> = {};
    for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
    const sample: StallSample = {
      t,
      windowMs: t - last,
      // The histogram is empty when no timer tick completed in the window: the whole window
      // was one stall, so report its length rather than 0.
      maxMs: histogram.count > 0 ? histogram.max / 1e6 : t - last,
      p99Ms: histogram.count > 0 ? histogram.percentile(99) / 1e6 : t - last,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      resources,
      listeners: listenerCount(process) + listenerCount(process.stdin) + listenerCount(process.stdout),
      ...(collect ? { afterGc: true as const } : {}),
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
