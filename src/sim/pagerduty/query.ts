/**
 * Reading PagerDuty query strings (`name[]` arrays, ISO times, booleans) and
 * answering with its classic offset pagination, including the hard cap of
 * offset + limit ≤ 10 000.
 */
import type { SimResponse } from '../http/server.js';
import { argumentsError, invalidInput } from './errors.js';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const MAX_WINDOW = 10_000;

/** Thrown by the readers below; the router turns it into the response it carries. */
export class QueryError extends Error {
  constructor(readonly response: SimResponse) {
    super('query error');
  }
}

/** Values of an array parameter, spelled with the literal `[]` suffix and repeated. */
export function many(q: URLSearchParams, name: string): string[] {
  return q.getAll(`${name}[]`).filter((v) => v !== '');
}

export function flag(q: URLSearchParams, name: string): boolean {
  return q.get(name) === 'true';
}

export function oneOf<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const values = many(q, name);
  const bad = values.find((v) => !allowed.includes(v as T));
  if (bad !== undefined) {
    throw new QueryError(invalidInput(`${name}[] must be one of ${allowed.join(', ')}; got "${bad}"`));
  }
  return values as T[];
}

export function time(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new QueryError(invalidInput(`${name} is not a valid ISO 8601 date: "${raw}"`));
  return ms;
}

function integer(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new QueryError(invalidInput(`${name} must be a non-negative integer`));
  return Number(raw);
}

/** One page of `items` under `key`, with limit/offset/more/total as PagerDuty sends them. */
export function page<T>(
  q: URLSearchParams,
  key: string,
  items: readonly T[],
  render: (item: T) => unknown,
): SimResponse {
  const requested = integer(q, 'limit', DEFAULT_LIMIT);
  if (requested < 1) throw new QueryError(invalidInput('limit must be at least 1'));
  // PagerDuty quietly lowers an over-large limit and says so in the answer's `limit`.
  const limit = Math.min(requested, MAX_LIMIT);
  const offset = integer(q, 'offset', 0);
  if (offset + limit > MAX_WINDOW) {
    throw new QueryError(
      argumentsError(
        `Offset+limit exceeds maximum allowed value of ${MAX_WINDOW}. Narrow your query with filters or a shorter since/until window.`,
      ),
    );
  }
  const slice = items.slice(offset, offset + limit);
  return {
    status: 200,
    json: {
      [key]: slice.map(render),
      limit,
      offset,
      more: offset + slice.length < items.length,
      total: flag(q, 'total') ? items.length : null,
    },
  };
}
