/**
 * Runs one plugin call the way the cockpit's host judges it: under a deadline, with an
 * AbortSignal that fires when the deadline passes, while watching for the two things a
 * plugin must never do in the cockpit's process — block the event loop (the screen freezes)
 * and write to the terminal (the screen is wrecked).
 */

export interface WatchOptions {
  /** The call must settle within this many milliseconds. */
  deadlineMs: number;
}

export interface Watched<T> {
  /** False when the call was still pending at the deadline (it is then left behind, aborted). */
  settled: boolean;
  value?: T;
  /** What the call threw, when it threw. */
  error?: unknown;
  threw: boolean;
  /** The longest stretch (ms) the event loop could not turn while the call ran. */
  blockedMs: number;
  /** Text the call wrote to stdout, stderr or the console, one entry per write. */
  output: string[];
}

/** How often the heartbeat that measures blocking ticks. */
const HEARTBEAT_MS = 10;

type Writer = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

/**
 * Record every write to stdout, stderr and the console until the returned function is called.
 * Writes still go through: an author debugging a test should see them.
 */
function captureOutput(into: string[]): () => void {
  const streams = [process.stdout, process.stderr];
  const writers = streams.map((s) => s.write);
  streams.forEach((stream, i) => {
    const original = writers[i] as Writer;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Writer;
  });
  // Test runners replace console methods with their own (vitest sends them to its reporter),
  // so console output may never reach process.stdout here: watch the console itself too.
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  CONSOLE_METHODS.forEach((m, i) => {
    const original = saved[i] as (...a: unknown[]) => void;
    console[m] = (...args: unknown[]) => {
      into.push(`console.${m}: ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`);
      original.apply(console, args);
    };
  });
  return () => {
    streams.forEach((stream, i) => {
      stream.write = writers[i] as Writer;
    });
    CONSOLE_METHODS.forEach((m, i) => {
      console[m] = saved[i] as never;
    });
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Call `fn` under `deadlineMs`. Never throws: the outcome, the longest event-loop stall and any
 * terminal output come back as data. A call that never settles is reported at the deadline;
 * one that spins forever (`while (true)`) cannot be interrupted from its own thread, and hangs
 * the test until the runner's timeout — which is also what it would do to a cockpit without
 * worker isolation.
 */
export async function watchCall<T>(
  fn: (signal: AbortSignal) => Promise<T> | T,
  options: WatchOptions,
): Promise<Watched<T>> {
  const output: string[] = [];
  const controller = new AbortController();
  let last = performance.now();
  let blockedMs = 0;
  const beat = () => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last - HEARTBEAT_MS);
    last = now;
  };
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  const release = captureOutput(output);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), options.deadlineMs);
  });
  try {
    const call = (async () => fn(controller.signal))().then(
      (value) => ({ value, threw: false as const }),
      (error: unknown) => ({ error, threw: true as const }),
    );
    const outcome = await Promise.race([call, expired]);
    beat();
    if (outcome === 'deadline') {
      controller.abort(new Error(`deadline of ${options.deadlineMs} ms passed`));
      return { settled: false, threw: false, blockedMs: Math.round(blockedMs), output };
    }
    return { settled: true, ...outcome, blockedMs: Math.round(blockedMs), output } as Watched<T>;
  } finally {
    clearTimeout(timer);
    clearInterval(heartbeat);
    release();
  }
}
