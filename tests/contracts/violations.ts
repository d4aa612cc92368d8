/** Recorded HTTP exchanges and what the contract checker reports about them. */
import type { ErrorObject } from 'ajv';

export interface Exchange {
  method: string;
  /** Path plus query string as sent, e.g. `/incidents?statuses[]=triggered`. */
  url: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody?: string;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  responseBody?: string;
}

export interface Violation {
  method: string;
  path: string;
  /** JSON pointer into the exchange: /request/query/limit, /response/body/incidents/0/status. */
  pointer: string;
  message: string;
}

export type Base = Pick<Violation, 'method' | 'path'>;

export function describe(e: ErrorObject): string {
  const params = e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : '';
  return `${e.message ?? 'invalid'}${params}`;
}

/**
 * ajv errors → violations. A failed anyOf/oneOf first reports every branch's errors
 * (through $refs, so not always under its schemaPath); fold the earlier errors on
 * the same value into the one combinator error, so a nullable field is one line.
 */
export function toViolations(errors: readonly ErrorObject[], pointer: string, base: Base): Violation[] {
  const folded = new Map<ErrorObject, string[]>();
  const inside = new Set<ErrorObject>();
  errors.forEach((c, ci) => {
    if (c.keyword !== 'anyOf' && c.keyword !== 'oneOf') return;
    const branches = errors
      .slice(0, ci)
      .filter((e) => !inside.has(e))
      .filter((e) => e.instancePath === c.instancePath || e.instancePath.startsWith(`${c.instancePath}/`));
    for (const e of branches) inside.add(e);
    folded.set(c, [...new Set(branches.map(describe))]);
  });
  const out = new Map<string, Violation>();
  for (const e of errors.filter((x) => !inside.has(x))) {
    const why = folded.get(e)?.length ? ` (${folded.get(e)!.join('; ')})` : '';
    const v = { ...base, pointer: `${pointer}${e.instancePath}`, message: `${describe(e)}${why}` };
    // allOf chains report the same failure once per layer; one line is enough.
    out.set(`${v.pointer} ${v.message}`, v);
  }
  return [...out.values()];
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.method} ${v.path} ${v.pointer}: ${v.message}`).join('\n');
}
