/**
 * Ingestion with stable identity. Records arrive as brand-new objects on every poll (from a
 * worker thread by structured clone, or freshly mapped by a plugin); a record whose content did
 * not change keeps the object the store already holds, and a poll that changed nothing keeps
 * the stream's array itself. Everything downstream (panel derivations, row lists, column widths)
 * is memoised on those identities, so an unchanged poll re-derives nothing.
 *
 * New and changed records have their repeated strings (states, groups, services, people)
 * interned, so 50,000 tickets of a few dozen groups hold a few dozen group strings.
 */
import type { DomainRecord } from '../domain/model.js';
import { identityOf, sameData } from '../domain/same-record.js';

/** Fields whose values repeat across records: one string per distinct value is kept. */
const INTERNED = new Set([
  'kind',
  'source',
  'status',
  'vendorStatus',
  'priority',
  'priorityLabel',
  'urgency',
  'service',
  'serviceId',
  'group',
  'escalationPolicy',
  'escalationPolicyId',
  'holdReason',
  'assignees',
  'name',
  'target',
  'stage',
  'vendorStage',
  'schedule',
  'assignee',
  'policyId',
  'policyName',
  'scheduleId',
  'scheduleName',
  'userId',
  'userName',
  'userEmail',
]);

/** Past this many distinct values the table starts over: it must not grow with vendor junk. */
const MAX_INTERNED = 50_000;

export interface Interner {
  /** Replace repeated string fields of a fresh record by the shared copies, in place. */
  record(r: DomainRecord): void;
  readonly size: number;
}

export function createInterner(): Interner {
  let table = new Map<string, string>();
  const one = (s: string): string => {
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size >= MAX_INTERNED) table = new Map();
    table.set(s, s);
    return s;
  };
  return {
    record(r) {
      const o = r as unknown as Record<string, unknown>;
      if (Object.isFrozen(o)) return;
      for (const k in o) {
        if (!INTERNED.has(k)) continue;
        const v = o[k];
        if (typeof v === 'string') o[k] = one(v);
        else if (Array.isArray(v))
          for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') v[i] = one(v[i]);
      }
    },
    get size() {
      return table.size;
    },
  };
}

/**
 * The records to keep for a stream: `prev` itself when `next` says the same thing in the same
 * order, else `next` with every unchanged record replaced by the object already held. `changed`
 * counts records that are new or differ (a removal alone changes the array, not the count).
 */
export function reconcile(
  prev: readonly DomainRecord[],
  next: readonly DomainRecord[],
  interner: Interner,
): { records: readonly DomainRecord[]; changed: number } {
  // Fast path: same records in the same order (the usual quiet poll).
  let i = 0;
  if (next.length === prev.length) {
    while (i < next.length && (next[i] === prev[i] || sameData(next[i], prev[i]))) i++;
    if (i === next.length) return { records: prev, changed: 0 };
  }
  let byIdentity: Map<string, DomainRecord> | null = null;
  const out: DomainRecord[] = new Array(next.length);
  let changed = 0;
  let samePositions = next.length === prev.length;
  for (let j = 0; j < next.length; j++) {
    const r = next[j]!;
    let kept: DomainRecord | undefined;
    if (j < i) kept = prev[j];
    else if (r === prev[j] || (j < prev.length && sameData(r, prev[j]))) kept = prev[j];
    else {
      if (!byIdentity) {
        byIdentity = new Map();
        for (const p of prev) byIdentity.set(identityOf(p), p);
      }
      const candidate = byIdentity.get(identityOf(r));
      if (candidate && (candidate === r || sameData(r, candidate))) kept = candidate;
    }
    if (kept) out[j] = kept;
    else {
      interner.record(r);
      out[j] = r;
      changed++;
    }
    if (out[j] !== prev[j]) samePositions = false;
  }
  return { records: samePositions ? prev : out, changed };
}
