import type { DomainRecord } from './model.js';

/**
 * Structural equality of plain record data (what crosses a worker boundary: strings, numbers,
 * booleans, null, arrays and plain objects). Used to keep a record's object identity across
 * polls when its content did not change, so everything memoised on identity stays valid.
 * Allocation-free: it runs over every record of every poll.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN is the one value not equal to itself; a record holding it is still unchanged.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k)) continue;
    // An explicit `undefined` and a missing key read the same; neither survives JSON or a clone.
    if (!sameData(ao[k], bo[k])) return false;
    if (ao[k] === undefined) continue;
    if (!Object.hasOwn(bo, k)) return false;
  }
  for (const k in bo) {
    if (Object.hasOwn(bo, k) && bo[k] !== undefined && !Object.hasOwn(ao, k)) return false;
  }
  return true;
}

/** What identifies a record across polls: kind and vendor id, or an on-call shift's coordinates. */
export function identityOf(r: DomainRecord): string {
  if (r.kind === 'oncall') {
    return `oncall\u0000${r.policyId}\u0000${r.level}\u0000${r.userId}\u0000${r.scheduleId ?? ''}\u0000${r.start ?? ''}`;
  }
  return `${r.kind}\u0000${r.id}`;
}
