import { useEffect, useRef } from 'react';
import {
  type AttentionMemory,
  attentionTitle,
  EMPTY_ATTENTION,
  isUrgent,
  newUrgent,
} from '../../domain/attention.js';
import { recordKey } from '../../domain/kinds.js';
import type { Incident } from '../../domain/model.js';
import type { AppState, Store } from '../../store/types.js';

/** Where attention goes: the terminal's bell and its window title. */
export interface AttentionSink {
  bell(): void;
  /** Set the window title, or give the old one back (null). */
  title(text: string | null): void;
}

export interface AttentionSettings {
  /** Ring the bell when a new urgent incident arrives. */
  bell: boolean;
  /** Put the count of new urgent incidents in the window title until they are acknowledged. */
  title: boolean;
}

/** Off: what tests and the wall get unless they ask. */
export const ATTENTION_OFF: AttentionSettings = { bell: false, title: false };

/** Sources whose incidents have been read at least once. */
function loadedSources(state: AppState): Set<string> {
  return new Set(
    Object.values(state.connectors)
      .filter((c) => c.streams.incidents?.fetchedAt != null)
      .map((c) => c.instance),
  );
}

/**
 * Watch the store for new triggered P1 or high-urgency incidents (never on a source's first
 * load): ring the bell once per arrival and keep "itops: 2 new P1" in the window title until
 * they are acknowledged or resolved. Subscribes to the store directly: nothing re-renders.
 */
export function useAttention(
  store: Store,
  settings: AttentionSettings,
  sink: AttentionSink | undefined,
): void {
  const memory = useRef<AttentionMemory>(EMPTY_ATTENTION);
  const alerted = useRef(new Set<string>());
  const lastTitle = useRef<string | null>(null);
  const { bell, title } = settings;
  useEffect(() => {
    if (!sink || (!bell && !title)) return;
    let seen: readonly (readonly unknown[])[] = [];
    const check = () => {
      const state = store.getState();
      // Each connector's own array, compared by identity: only a poll that changed incidents
      // costs anything. (Not `selectRecords`: its one-slot cache is the panels', and a second
      // caller with other arguments would make every derivation downstream start over.)
      const parts = Object.values(state.connectors).flatMap((c) =>
        c.streams.incidents ? [c.streams.incidents.records] : [],
      );
      if (parts.length === seen.length && parts.every((p, i) => p === seen[i])) return;
      seen = parts;
      const incidents = parts.flat().filter((r): r is Incident => (r as Incident).kind === 'incident');
      const step = newUrgent(memory.current, incidents, loadedSources(state));
      memory.current = step.memory;
      for (const i of step.fresh) alerted.current.add(recordKey(i));
      if (step.fresh.length > 0 && bell) sink.bell();
      // What still waits: alerted, and still urgent (not yet acknowledged or resolved).
      const urgent = new Map(incidents.filter(isUrgent).map((i) => [recordKey(i), i]));
      for (const key of alerted.current) if (!urgent.has(key)) alerted.current.delete(key);
      if (!title) return;
      const text = attentionTitle([...alerted.current].map((k) => urgent.get(k)!));
      if (text !== lastTitle.current) {
        lastTitle.current = text;
        sink.title(text);
      }
    };
    check();
    const off = store.subscribe(check);
    return () => {
      off();
      if (lastTitle.current !== null) sink.title(null);
      lastTitle.current = null;
    };
  }, [store, sink, bell, title]);
}

/**
 * The terminal's own bell and title: BEL, and OSC 2 for the title. The title the terminal had is
 * saved on the first change (XTWINOPS push) and put back (pop) when attention ends or we exit.
 */
export function terminalAttention(out: { write(chunk: string): unknown }): AttentionSink {
  let pushed = false;
  return {
    bell: () => out.write('\u0007'),
    title(text) {
      if (text === null) {
        if (pushed) out.write('\u001B[23;0t');
        pushed = false;
        return;
      }
      if (!pushed) out.write('\u001B[22;0t');
      pushed = true;
      // The text is ours (a count and a word), never vendor text: no escape can ride in it.
      out.write(`\u001B]2;${text}\u0007`);
    },
  };
}
