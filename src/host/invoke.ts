/**
 * The one seam every plugin call goes through: a deadline the plugin cannot
 * ignore, errors wrapped with instance + operation, and nothing thrown past here
 * that is not a PluginCallError. A plugin that hangs costs one timeout, never the UI.
 */
import { PluginCallError } from './errors.js';

export interface InvokeOptions {
  timeoutMs: number;
  /** Outer cancellation, e.g. shutdown. */
  signal?: AbortSignal;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  status?: unknown;
}

/** Normalize anything a plugin throws. Duck-typed: a third-party plugin may carry its own copy of PluginError. */
export function toCallError(instance: string, operation: string, err: unknown): PluginCallError {
  if (err instanceof PluginCallError) return err;
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const code = e.name === 'PluginError' && typeof e.code === 'string' ? e.code : 'INTERNAL';
  const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
  return new PluginCallError(instance, operation, code, message, retryAfterMs, { cause: err });
}

export async function invoke<T>(
  instance: string,
  operation: string,
  call: (signal: AbortSignal) => Promise<T>,
  options: InvokeOptions,
): Promise<T> {
  const outer = options.signal;
  if (outer?.aborted) {
    const why = outer.reason instanceof Error ? outer.reason.message : 'cancelled';
    throw new PluginCallError(instance, operation, 'CANCELLED', why);
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort = () => {};
  // Settle on the deadline or on outer cancellation even if the plugin ignores its signal:
  // quitting must never wait for a hung vendor call.
  const deadline = new Promise<never>((_, reject) => {
    onOuterAbort = () => {
      const why = outer?.reason instanceof Error ? outer.reason.message : 'cancelled';
      const err = new PluginCallError(instance, operation, 'CANCELLED', why);
      controller.abort(err);
      reject(err);
    };
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    timer = setTimeout(() => {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      const err = new PluginCallError(instance, operation, 'TIMEOUT', `no answer within ${seconds}s`);
      controller.abort(err);
      reject(err);
    }, options.timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), deadline]);
  } catch (err) {
    throw toCallError(instance, operation, err);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
