/**
 * Fewer bytes per redraw, without changing what the terminal shows. Ink's incremental renderer
 * moves down over every unchanged line with its own "cursor next line" (CSI E, three bytes): on
 * a 50-row wall whose only change is the clock, that walk was most of the frame. A run of n of
 * them is the same motion as one CSI n E, so the run is written that way. Nothing else in the
 * output is touched, and a run split across two writes simply stays two shorter runs.
 */

const CNL_RUN = /(?:\u001B\[E){2,}/g;

/** `text` with every run of two or more CSI E written as one CSI n E. */
export function compactCursorRuns(text: string): string {
  return text.replace(CNL_RUN, (run) => `\u001B[${run.length / 3}E`);
}

/**
 * The same stream with `write` compacting cursor runs; every other property (columns, rows,
 * isTTY, events) is the stream's own, so Ink sizes and listens exactly as before.
 */
export function compactingStream<S extends NodeJS.WriteStream>(stream: S): S {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean)(
      typeof chunk === 'string' ? compactCursorRuns(chunk) : chunk,
      ...rest,
    );
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
