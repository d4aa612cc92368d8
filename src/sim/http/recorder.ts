/** Every exchange a simulator served, for assertions and for the spec contract tests. */
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

/** An array (filter/map/find work as usual) that can be emptied between test steps. */
export class RequestLog extends Array<RecordedRequest> {
  // map/filter/slice return plain arrays, not RequestLogs.
  static override get [Symbol.species]() {
    return Array;
  }

  clear(): void {
    this.length = 0;
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of new Set(params.keys())) out[k] = params.getAll(k);
  return out;
}
