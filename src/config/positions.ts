/**
 * One walk over js-yaml's parser events, before any value is built:
 *  - a position index (key path → line/column) so every config issue can name its line;
 *  - the size the document would have once aliases are expanded, so an alias bomb
 *    ("billion laughs") is refused before anything walks the expanded tree.
 *
 * js-yaml builds aliases as shared references, which is cheap; what used to take a
 * minute and gigabytes was our own code (null-dropping, zod) walking every expanded
 * path. Bounding the expanded node count bounds all of that work.
 */
import { EVENT_ID, type Event, getScalarValue, SCALAR_STYLE } from 'js-yaml';
import { type ConfigIssue, formatPath } from './errors.js';

/** 1-based, as editors count. */
export interface Position {
  line: number;
  column: number;
}

/** Where a key and its value start; `key` is absent for sequence items and the root. */
export interface Located {
  key?: Position;
  value: Position;
}

/** Formatted key path (`connectors.pd-us.region`, `keys["nav.down"][0]`) → where it is written. */
export type PositionIndex = ReadonlyMap<string, Located>;

/** Thrown when aliases would expand the document past `limit` nodes. */
export class AliasExpansionError extends Error {
  constructor(
    readonly limit: number,
    readonly at: Position,
  ) {
    super(`YAML aliases expand the document past ${limit} values`);
  }
}

/** Offsets → line/column with a binary search over line starts. */
export function lineLocator(source: string): (offset: number) => Position {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

interface Frame {
  kind: 'map' | 'seq';
  path: PropertyKey[];
  /** Expanded nodes below and including this collection so far. */
  size: number;
  anchor?: string;
  /** Sequence: next index. Mapping: true when the next child is a key. */
  next: number;
  expectKey: boolean;
  /** Mapping: the key whose value comes next. */
  key?: { name: PropertyKey; at: Position };
}

const QUOTED: ReadonlySet<number> = new Set([SCALAR_STYLE.SINGLE_QUOTED, SCALAR_STYLE.DOUBLE_QUOTED]);

/**
 * Walk the events of the first document. Returns its position index; throws
 * AliasExpansionError as soon as the expanded size passes `maxNodes`.
 */
export function indexEvents(source: string, events: readonly Event[], maxNodes: number): PositionIndex {
  const locate = lineLocator(source);
  const index = new Map<string, Located>();
  const anchors = new Map<string, number>();
  const stack: Frame[] = [];
  let documents = 0;

  const anchorOf = (ev: { anchorStart: number; anchorEnd: number }) =>
    ev.anchorStart >= 0 ? source.slice(ev.anchorStart, ev.anchorEnd) : undefined;
  // The `&name` marker comes before the node; point at it so the line is the one the user wrote.
  const startOf = (ev: { anchorStart: number }, start: number) =>
    ev.anchorStart > 0 && ev.anchorStart - 1 < start ? ev.anchorStart - 1 : start;

  /** The path a new node gets from its parent; records the key when the node is a key. */
  function place(at: Position, scalarKey?: string): PropertyKey[] | undefined {
    const parent = stack.at(-1);
    if (!parent) return [];
    if (parent.kind === 'seq') return [...parent.path, parent.next++];
    if (parent.expectKey) {
      parent.expectKey = false;
      parent.key = { name: scalarKey ?? '', at };
      return undefined;
    }
    parent.expectKey = true;
    return [...parent.path, parent.key?.name ?? ''];
  }

  function record(path: PropertyKey[] | undefined, at: Position): void {
    if (!path) return;
    const parent = stack.at(-1);
    const key = parent?.kind === 'map' ? parent.key?.at : undefined;
    index.set(formatPath(path), key ? { key, value: at } : { value: at });
  }

  /** Add a finished node's expanded size to its parent, refusing a bomb as early as possible. */
  function grow(size: number, at: Position): void {
    const parent = stack.at(-1);
    if (!parent) {
      if (size > maxNodes) throw new AliasExpansionError(maxNodes, at);
      return;
    }
    parent.size += size;
    if (parent.size > maxNodes) throw new AliasExpansionError(maxNodes, at);
  }

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        break;
      case EVENT_ID.SCALAR: {
        if (documents > 1) break;
        const offset = QUOTED.has(ev.style) ? ev.valueStart - 1 : ev.valueStart;
        const at = locate(startOf(ev, offset));
        const parent = stack.at(-1);
        const isKey = parent?.kind === 'map' && parent.expectKey;
        record(place(at, isKey ? getScalarValue(source, ev) : undefined), at);
        const anchor = anchorOf(ev);
        if (anchor) anchors.set(anchor, 1);
        grow(1, at);
        break;
      }
      case EVENT_ID.ALIAS: {
        if (documents > 1) break;
        const at = locate(Math.max(0, ev.anchorStart - 1));
        record(place(at), at);
        // An alias to a still-open (recursive) or unknown anchor is js-yaml's error to report.
        grow(anchors.get(source.slice(ev.anchorStart, ev.anchorEnd)) ?? 1, at);
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (documents > 1) break;
        const at = locate(startOf(ev, ev.start));
        const path = place(at) ?? [];
        record(path, at);
        stack.push({
          kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq',
          path,
          size: 1,
          anchor: anchorOf(ev),
          next: 0,
          expectKey: true,
        });
        break;
      }
      case EVENT_ID.POP: {
        const done = stack.pop();
        if (!done || documents > 1) break;
        if (done.anchor) anchors.set(done.anchor, done.size);
        grow(done.size, index.get(formatPath(done.path))?.value ?? { line: 1, column: 1 });
        break;
      }
    }
  }
  return index;
}

/**
 * Where to point for an issue at `path`: the key itself for unknown keys, else the
 * value; a missing key points at its nearest written ancestor.
 */
export function locate(
  index: PositionIndex,
  path: readonly PropertyKey[],
  prefer: 'key' | 'value' = 'value',
): Position | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = index.get(formatPath(path.slice(0, n)));
    if (!found) continue;
    if (n < path.length) return found.key ?? found.value;
    return prefer === 'key' ? (found.key ?? found.value) : found.value;
  }
  return undefined;
}

/** Add line and column to every issue that has a key path written in the file. */
export function locateIssues(issues: readonly ConfigIssue[], index: PositionIndex): ConfigIssue[] {
  return issues.map((issue) => {
    if (issue.line !== undefined || !issue.keyPath) return issue;
    const at = locate(index, issue.keyPath, issue.at ?? 'value');
    return at ? { ...issue, line: at.line, column: at.column } : issue;
  });
}
