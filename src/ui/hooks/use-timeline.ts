/**
 * An incident's timeline for its detail view (issue 15): read from its connector when the
 * detail opens, kept per record with the record's update stamp, read again when the record
 * changes (a poll brought a new `updatedAt` or state) and when a write on it finishes. The
 * last good entries stay on screen while a new read runs or after one fails.
 */
import { useEffect, useRef, useState } from 'react';
import { recordKey } from '../../domain/kinds.js';
import type { Incident } from '../../domain/model.js';
import { keepsTimeline, type TimelineEntry } from '../../plugin-api/index.js';
import type { Store } from '../../store/types.js';
import { useAppState, useStore } from './use-store.js';

export type TimelineView =
  /** The connector keeps no timeline (or the store cannot read one): nothing is shown. */
  | { status: 'none' }
  | { status: 'loading'; entries?: readonly TimelineEntry[]; at?: number }
  | { status: 'ok'; entries: readonly TimelineEntry[]; at: number }
  | { status: 'error'; message: string; entries?: readonly TimelineEntry[]; at?: number };

interface Cached {
  stamp: string;
  entries: readonly TimelineEntry[];
  /** When it was read (real epoch ms). */
  at: number;
}

/** A cached timeline older than this is read again when its detail is opened. */
const REUSE_MS = 30_000;

/** Per store, per record: the last timeline read. Bounded: the oldest reads go first. */
const caches = new WeakMap<Store, Map<string, Cached>>();
const MAX_CACHED = 200;

function cacheOf(store: Store): Map<string, Cached> {
  let c = caches.get(store);
  if (!c) {
    c = new Map();
    caches.set(store, c);
  }
  return c;
}

/** What, when it changes, means the vendor's history of the record may have grown. */
export function timelineStamp(i: Incident): string {
  return [
    i.updatedAt,
    i.status,
    i.vendorStatus,
    i.acknowledgedAt,
    i.resolvedAt,
    i.escalationLevel,
    i.assignees.join(','),
    i.holdReason,
  ].join('|');
}

export function useTimeline(incident: Incident | undefined, now: () => number = Date.now): TimelineView {
  const store = useStore();
  const state = useAppState();
  const key = incident ? recordKey(incident) : '';
  const caps = incident ? state.connectors[incident.source]?.capabilities : undefined;
  const able = Boolean(incident && store.readTimeline && caps && keepsTimeline(caps));
  const stamp = incident ? timelineStamp(incident) : '';
  // A write on this record that has just finished: its result is in the vendor's history.
  const busy = key !== '' && state.pending[key] !== undefined;
  const [writes, setWrites] = useState(0);
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) setWrites((n) => n + 1);
    wasBusy.current = busy;
  }, [busy]);

  const initial = (): TimelineView => {
    const hit = able ? cacheOf(store).get(key) : undefined;
    if (!able) return { status: 'none' };
    return hit ? { status: 'ok', entries: hit.entries, at: hit.at } : { status: 'loading' };
  };
  const [view, setView] = useState<TimelineView>(initial);
  const shownKey = useRef(key);
  if (shownKey.current !== key) {
    // Another record: never show the previous one's history under it, even for one frame.
    shownKey.current = key;
    setView(initial());
  }
  const latest = useRef(incident);
  latest.current = incident;

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again on these changes only
  useEffect(() => {
    const current = latest.current;
    if (!able || !current || !store.readTimeline) {
      setView({ status: 'none' });
      return;
    }
    const cache = cacheOf(store);
    const hit = cache.get(key);
    const fresh = hit && hit.stamp === stamp && now() - hit.at < REUSE_MS && writes === 0;
    if (fresh) {
      setView({ status: 'ok', entries: hit.entries, at: hit.at });
      return;
    }
    const controller = new AbortController();
    setView((v) => ({ status: 'loading', ...keep(v, hit) }));
    store.readTimeline(current, controller.signal).then(
      (entries) => {
        if (controller.signal.aborted) return;
        const at = now();
        cache.delete(key);
        cache.set(key, { stamp, entries, at });
        while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
        setView({ status: 'ok', entries, at });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        setView((v) => ({ status: 'error', message, ...keep(v, hit) }));
      },
    );
    return () => controller.abort(new Error('the detail was closed'));
  }, [store, key, stamp, able, writes]);
  return view;
}

/** The entries to keep showing while reading again: what is on screen, else the cache. */
function keep(v: TimelineView, hit: Cached | undefined): { entries?: readonly TimelineEntry[]; at?: number } {
  if (v.status !== 'none' && v.entries && v.at !== undefined) return { entries: v.entries, at: v.at };
  return hit ? { entries: hit.entries, at: hit.at } : {};
}
