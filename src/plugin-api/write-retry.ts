/**
 * Retry options for a write sent through `ctx.http`: retry only after a 429. The vendor did
 * not process a rate-limited request, so sending it again is safe; a write that timed out or
 * got a 5xx may have landed, and sending it again can page a second person or add a second
 * note. got's defaults treat PUT (and DELETE) as idempotent and retry them on 5xx, which is
 * right for a cache and wrong for an escalation.
 *
 * The host's own delay calculation is kept for the 429, so its Retry-After rules (and its
 * refusal to sit through a very long wait) still apply.
 *
 * ```ts
 * await api.put(`incidents/${id}`, { json: body, signal, retry: writeRetry(api) });
 * ```
 * @experimental added within plugin API v1 (issue 8).
 */
import type { Got } from 'got';

type RetryOptions = Got['defaults']['options']['retry'];
type DelayFn = NonNullable<RetryOptions['calculateDelay']>;
type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function writeRetry(
  http: Got,
  methods: readonly Method[] = ['POST', 'PUT', 'PATCH', 'DELETE'],
): { methods: Method[]; statusCodes: number[]; errorCodes: string[]; calculateDelay: DelayFn } {
  const hostDelay: DelayFn | undefined = http.defaults.options.retry.calculateDelay;
  const calculateDelay: DelayFn = (o) => {
    if (o.error.response?.statusCode !== 429) return 0;
    return hostDelay ? hostDelay(o) : o.computedValue;
  };
  return { methods: [...methods], statusCodes: [429], errorCodes: [], calculateDelay };
}
