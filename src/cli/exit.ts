/**
 * Leaving the process without losing output.
 *
 * On Linux a pipe is written asynchronously by Node: `process.exit()` right after
 * `stdout.write()` throws away whatever the reader has not taken yet, so
 * `itops-tui snapshot --json | (sleep 1; jq .)` got the first 64 KiB (one pipe
 * buffer) of the document. We still exit explicitly — a plugin's stray timer or a
 * keep-alive socket must not keep a finished command alive — but only once every
 * byte written so far has been handed to the kernel.
 */

type Out = NodeJS.WritableStream & {
  destroyed?: boolean;
  writable?: boolean;
  writableLength?: number;
};

const closed = new WeakSet<object>();

/**
 * A reader that goes away early (`| head -c 100`) makes the next write fail with
 * EPIPE, emitted as an 'error' event; unhandled, Node would crash with a stack
 * trace on stderr. The reader chose to stop, so note it and stay quiet.
 * Install once, before the first write.
 */
export function guardOutputStreams(streams: readonly Out[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', () => {
      closed.add(stream);
    });
  }
}

/** Resolves once everything written to `stream` so far has left the process (or cannot). */
export function drained(stream: Out): Promise<void> {
  if (closed.has(stream) || stream.destroyed || stream.writable === false) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('error', done);
      resolve();
    };
    stream.once('error', done);
    // Writes complete in order, so the callback of an empty write runs after every earlier one.
    try {
      stream.write('', done);
    } catch {
      done();
    }
  });
}

/**
 * Set the exit code, wait for stdout and stderr to drain, then exit. A reader that
 * never reads keeps us waiting, as it would `cat`: cutting the document short
 * would hand a cron job truncated JSON, which is worse than waiting.
 */
export async function exitAfterDrain(
  code: number,
  streams: readonly Out[] = [process.stdout, process.stderr],
): Promise<never> {
  process.exitCode = code;
  await Promise.all(streams.map(drained));
  process.exit(code);
}
