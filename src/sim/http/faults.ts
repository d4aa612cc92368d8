/**
 * Fault injection shared by the vendor simulators: make matching requests
 * slow, fail with a status, answer garbage (an HTML proxy page), or drop the
 * connection — a given number of times or until cleared. Used programmatically
 * by tests and over HTTP (`/__sim/faults`) by PTY tests against a running demo.
 */

export interface FaultSpec {
  /** A string matches paths starting with it; a RegExp is tested against path + query string. */
  path?: RegExp | string;
  /** Only this HTTP method (case-insensitive). */
  method?: string;
  /** Answer with this status instead of handling the request (omit for a pure delay). */
  status?: number;
  /** How many matching requests it affects (default: every one until cleared). */
  count?: number;
  /** Wait this long (real milliseconds) before answering. */
  delayMs?: number;
  /** Raw response body, sent as is (e.g. an HTML error page). Default: a vendor-style JSON error. */
  body?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Destroy the connection without answering (after delayMs). */
  drop?: boolean;
  /**
   * Handle the request normally (a write is applied), then wait this long before answering:
   * a vendor that did the work but answers after the client gave up.
   */
  holdResponseMs?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Matching requests still to be affected. */
  remaining: number;
}

export class FaultSet {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count ?? Number.POSITIVE_INFINITY };
    this.faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** The first fault matching this request, with one use consumed; spent faults disappear. */
  take(method: string, pathAndQuery: string): Fault | undefined {
    const path = pathAndQuery.split('?')[0]!;
    const fault = this.faults.find((f) => {
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) return false;
      if (f.path === undefined) return true;
      return typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(pathAndQuery);
    });
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
    return fault;
  }
}

/** A fault as JSON for the control endpoint: `path` is a prefix, `pathPattern` a RegExp source. */
export function faultFromJson(input: unknown): FaultSpec {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('expected a JSON object');
  const o = input as Record<string, unknown>;
  const spec: FaultSpec = {};
  const str = (k: string) => {
    if (o[k] === undefined) return undefined;
    if (typeof o[k] !== 'string') throw new Error(`"${k}" must be a string`);
    return o[k] as string;
  };
  const num = (k: string) => {
    if (o[k] === undefined) return undefined;
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k]) || (o[k] as number) < 0)
      throw new Error(`"${k}" must be a non-negative number`);
    return o[k] as number;
  };
  const pattern = str('pathPattern');
  const path = pattern !== undefined ? new RegExp(pattern) : str('path');
  if (path !== undefined) spec.path = path;
  const method = str('method');
  if (method !== undefined) spec.method = method;
  const body = str('body');
  if (body !== undefined) spec.body = body;
  for (const k of ['status', 'count', 'delayMs', 'holdResponseMs'] as const) {
    const v = num(k);
    if (v !== undefined) spec[k] = v;
  }
  if (o.drop !== undefined) spec.drop = o.drop === true;
  if (o.headers !== undefined) {
    if (!o.headers || typeof o.headers !== 'object') throw new Error('"headers" must be an object');
    spec.headers = Object.fromEntries(Object.entries(o.headers).map(([k, v]) => [k, String(v)]));
  }
  return spec;
}

export function faultToJson(f: Fault): Record<string, unknown> {
  return {
    ...f,
    path: f.path instanceof RegExp ? undefined : f.path,
    pathPattern: f.path instanceof RegExp ? f.path.source : undefined,
    remaining: Number.isFinite(f.remaining) ? f.remaining : null,
  };
}
