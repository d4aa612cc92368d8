/**
 * Memoisation on identity, for derivations over records whose objects are kept across polls
 * (store ingestion reuses unchanged records and arrays). Pure code may use these: a cache hit
 * returns exactly what the function would compute again.
 */
import type { Incident } from './model.js';

/** `f` remembered for its last arguments, compared with `===` one by one. */
export function memoLast<A extends readonly unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i]))
      return last.result;
    const result = f(...args);
    last = { args, result };
    return result;
  };
}

/** `f` remembered per object (a records array, a record), for as long as that object lives. */
export function memoOn<K extends object, R>(f: (key: K) => R): (key: K) => R {
  const cache = new WeakMap<K, R>();
  return (key: K) => {
    const known = cache.get(key);
    if (known !== undefined || cache.has(key)) return known as R;
    const result = f(key);
    cache.set(key, result);
    return result;
  };
}

const parse = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

/** An incident's times as epoch ms, parsed once per record object (records keep identity across polls). */
export const incidentTimes = memoOn((i: Incident) => ({
  opened: parse(i.openedAt),
  acknowledged: parse(i.acknowledgedAt),
  resolved: parse(i.resolvedAt),
}));

/** Cheap deterministic string order for tie-breaks (code units, not locale rules). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `items` sorted by `compare`, starting from the order of `previous` (the last sort of mostly the
 * same objects): the kept items in their old order, then the new ones. Array sort (TimSort) finds
 * that one long run and merges the few new items in, so re-sorting after a poll that changed k
 * of n records costs about n comparisons, not n log n.
 */
export function resort<T>(
  items: readonly T[],
  previous: readonly T[] | undefined,
  compare: (a: T, b: T) => number,
): T[] {
  if (!previous || previous.length === 0) return [...items].sort(compare);
  const current = new Set(items);
  const out: T[] = [];
  const kept = new Set<T>();
  for (const p of previous) {
    if (current.has(p)) {
      out.push(p);
      kept.add(p);
    }
  }
  for (const i of items) if (!kept.has(i)) out.push(i);
  return out.sort(compare);
}
