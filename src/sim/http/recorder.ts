/** The exchanges a simulator served (the newest, bounded), for assertions and the spec contract tests. */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  /** Real time the request arrived (epoch ms). */
  at: number;
  method: string;
  /** Path plus query string as sent, e.g. `/incidents?statuses[]=triggered`. */
  url: string;
  path: string;
  /** Query values by name; `[]` names keep their suffix and collect every repetition. */
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
  body: string | undefined;
  /** 0 when the connection was dropped on purpose. */
  status: number;
  responseHeaders: OutgoingHttpHeaders;
  responseBody: string | undefined;
  /** Same values as `headers`/`body`, named as the contract checker's Exchange expects. */
  requestHeaders: IncomingHttpHeaders;
  requestBody: string | undefined;
}

/** How much a request log keeps: the newest exchanges within both limits. */
export interface RequestLogLimits {
  /** Exchanges kept at most. */
  entries: number;
  /** Characters of URLs and bodies kept at most (a rough memory bound: big listings weigh more). */
  chars: number;
}

/**
 * What the demo keeps (`startDemo`): enough to read back the last minutes of traffic, small
 * enough that a demo left running for a week on a wall stays flat (it once kept every body
 * and grew about 1.4 MB a minute at --speed 600). Tests keep everything unless they say.
 */
export const DEMO_REQUEST_LOG_LIMITS: Readonly<RequestLogLimits> = Object.freeze({
  entries: 1_000,
  chars: 8 * 1024 * 1024,
});

/** Everything: what a test that asserts on a whole run needs (the default). */
export const UNBOUNDED: Readonly<RequestLogLimits> = Object.freeze({
  entries: Number.POSITIVE_INFINITY,
  chars: Number.POSITIVE_INFINITY,
});

const weight = (r: RecordedRequest) => r.url.length + (r.body?.length ?? 0) + (r.responseBody?.length ?? 0);

/**
 * The newest exchanges, oldest first, as an array (filter/map/find work as usual) that can be
 * emptied between test steps. A bounded ring: pushing past `limits` drops the oldest whole
 * exchanges and counts them in `dropped`, so what is kept is always complete and in order.
 */
export class RequestLog extends Array<RecordedRequest> {
  // map/filter/slice return plain arrays, not RequestLogs.
  static override get [Symbol.species]() {
    return Array;
  }

  /** How much it keeps; everything unless set (the demo sets DEMO_REQUEST_LOG_LIMITS). */
  limits: RequestLogLimits = { ...UNBOUNDED };
  /** Exchanges dropped from the front since the last `clear()`. */
  dropped = 0;
  /** Characters currently held (see `RequestLogLimits.chars`). */
  chars = 0;

  override push(...items: RecordedRequest[]): number {
    super.push(...items);
    for (const r of items) this.chars += weight(r);
    // Keep the newest one even when it alone is over the character limit.
    while (this.length > 1 && (this.length > this.limits.entries || this.chars > this.limits.chars)) {
      const gone = super.shift();
      if (gone) this.chars -= weight(gone);
      this.dropped += 1;
    }
    return this.length;
  }

  clear(): void {
    this.length = 0;
    this.chars = 0;
    this.dropped = 0;
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of new Set(params.keys())) out[k] = params.getAll(k);
  return out;
}
