/**
 * Words for the freshness model (store/freshness.ts): panel title readings, problem
 * paragraphs, honest empty states and the stale marker of rows and details. One
 * wording per fact, so "stale 41s" reads the same in the header, the panel and the row.
 */
import { formatDuration } from '../../domain/format.js';
import type { Incident } from '../../domain/model.js';
import type { SlaRiskItem } from '../../domain/panels/sla-risk.js';
import { adviceFor } from '../../store/freshness.js';
import { type PanelSources, type SourceStatus, sourceOf } from '../../store/selectors.js';
import { clean, displayWidth, truncate } from '../text/fit.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import type { Segment } from './summaries.js';
import { type Wrap, wrapText } from './wrap.js';

/** `line` cut so that `tail` fits after it on `width` columns. */
function clipWith(line: string, width: number, tail: string): string {
  const room = width - displayWidth(tail) - 1;
  return room > 0 ? `${truncate(line, room, '')} ${tail}` : truncate(tail, width, '');
}

/** "stale 41s": the one way a staleness reading is written. */
export function staleWords(ms: number): string {
  return `stale ${formatDuration(ms)}`;
}

/** "not answering for 7s": a first poll that is overdue, with the seconds ticking. */
export function notAnsweringWords(ms: number): string {
  return `not answering for ${formatDuration(ms)}`;
}

/** The longest overdue first answer among a panel's sources (or one connector's), or null. */
export function worstWaiting(sources: readonly SourceStatus[]): number | null {
  const waits = sources.map((s) => s.notAnsweringMs).filter((w): w is number => w !== null);
  return waits.length > 0 ? Math.max(...waits) : null;
}

/** The largest connector reading among stale sources, or null when none is stale. */
export function worstStale(p: PanelSources): number | null {
  const ages = p.sources.filter((s) => s.coverage === 'stale').map((s) => s.staleMs ?? s.ageMs ?? 0);
  return ages.length > 0 ? Math.max(...ages) : null;
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** Per connector, what is wrong with its non-fresh sources in this panel: "pd-demo stale 41s". */
export function gaps(p: PanelSources): string[] {
  const out: string[] = [];
  for (const instance of unique(p.sources.map((s) => s.instance))) {
    const mine = p.sources.filter((s) => s.instance === instance && s.coverage !== 'fresh');
    if (mine.length === 0) continue;
    const stale = mine.filter((s) => s.coverage === 'stale');
    const name = clean(instance);
    if (stale.length > 0) out.push(`${name} ${staleWords(Math.max(...stale.map((s) => s.staleMs ?? 0)))}`);
    else if (mine.some((s) => s.coverage === 'missing')) out.push(`${name} no data`);
    else {
      const waiting = worstWaiting(mine);
      out.push(waiting === null ? `${name} loading` : `${name} ${notAnsweringWords(waiting)}`);
    }
  }
  return out;
}

/** The title's freshness reading, e.g. "updated 3s ago", "◷ stale 41s", "◷ partial: pd-demo no data". */
export function panelReading(p: PanelSources, real: number, g: Glyphs): { text: string; tone?: Tone } | null {
  switch (p.state) {
    case 'unconfigured':
      return null;
    case 'loading': {
      const waiting = worstWaiting(p.sources);
      return waiting === null
        ? { text: `loading${g.ellipsis}`, tone: 'info' }
        : { text: `${g.stale} ${notAnsweringWords(waiting)}`, tone: 'warn' };
    }
    case 'no-data':
      return { text: `${g.error} no data`, tone: 'danger' };
    case 'stale':
      return { text: `${g.stale} ${staleWords(worstStale(p) ?? 0)}`, tone: 'warn' };
    case 'partial':
      return { text: `${g.stale} partial: ${gaps(p).join(', ')}`, tone: 'warn' };
    case 'fresh': {
      // The oldest part of what is shown: "everything here is at most this old".
      const times = p.sources.map((s) => s.fetchedAt).filter((t): t is number => t !== null);
      if (times.length === 0) return null;
      return { text: `updated ${formatDuration(Math.max(0, real - Math.min(...times)))} ago` };
    }
  }
}

/** One thing wrong with a connector's sources in a panel, grouped over streams that fail alike. */
export interface Problem {
  instance: string;
  streams: string[];
  kind: 'paused' | 'missing' | 'stale' | 'failing' | 'loading';
  /** Worst reading of the group, e.g. "paused, stale 41s" or "no data". */
  reading: string;
  error?: string;
  errorDetail?: string;
  errorCode?: string;
  nextPollAt: number | null;
  /** A poll is in flight right now. */
  polling: boolean;
}

function kindOf(s: SourceStatus): Problem['kind'] | null {
  if (s.paused) return 'paused';
  if (s.coverage === 'missing') return 'missing';
  if (s.coverage === 'stale') return 'stale';
  if (s.error) return 'failing';
  return s.coverage === 'loading' ? 'loading' : null;
}

function readingOf(kind: Problem['kind'], s: SourceStatus, g: Glyphs): string {
  const age = s.coverage === 'stale' ? staleWords(s.staleMs ?? s.ageMs ?? 0) : null;
  switch (kind) {
    case 'paused':
      return `paused, ${age ?? (s.coverage === 'missing' ? 'no data' : 'data still current')}`;
    case 'missing':
      return 'no data';
    case 'stale':
      return age ?? 'stale';
    case 'failing':
      return `poll failed, data ${formatDuration(s.ageMs ?? 0)} old`;
    case 'loading':
      return s.notAnsweringMs === null ? `loading${g.ellipsis}` : notAnsweringWords(s.notAnsweringMs);
  }
}

/**
 * Everything worth a problem line in this panel. Loading sources too, except beside fresh data:
 * while a panel has nothing yet, each source and its streams say how long they have waited.
 */
export function problemsOf(p: PanelSources, g: Glyphs): Problem[] {
  const byKey = new Map<string, Problem>();
  for (const s of p.sources) {
    const kind = kindOf(s);
    if (!kind || (kind === 'loading' && p.state === 'fresh')) continue;
    const key = `${s.instance}\u0000${kind}\u0000${s.error ?? ''}`;
    const prior = byKey.get(key);
    if (prior) {
      prior.streams.push(s.stream);
      continue;
    }
    byKey.set(key, {
      instance: s.instance,
      streams: [s.stream],
      kind,
      reading: readingOf(kind, s, g),
      ...(s.error ? { error: s.error } : {}),
      ...(s.errorDetail ? { errorDetail: s.errorDetail } : {}),
      ...(s.errorCode ? { errorCode: s.errorCode } : {}),
      nextPollAt: s.nextPollAt,
      polling: s.status === 'refreshing' || s.status === 'loading',
    });
  }
  const rank: Record<Problem['kind'], number> = { paused: 0, missing: 1, stale: 2, failing: 3, loading: 4 };
  return [...byKey.values()].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

export const PROBLEM_TONE: Record<Problem['kind'], Tone> = {
  paused: 'danger',
  missing: 'danger',
  stale: 'warn',
  failing: 'warn',
  loading: 'info',
};

export function problemGlyph(kind: Problem['kind'], g: Glyphs): string {
  return kind === 'paused' || kind === 'missing' ? g.error : kind === 'loading' ? g.info : g.caution;
}

/**
 * The whole problem as one paragraph. When polling is paused the advice (what to do,
 * which key retries) comes before the vendor's message, so a cut line still says it.
 */
export function problemParagraph(
  pr: Problem,
  opts: { retry: string; real: number; full?: boolean; streams?: boolean },
): string {
  const who = `${clean(pr.instance)}${opts.streams ? ` ${pr.streams.join(', ')}` : ''}`;
  const message = clean(opts.full ? (pr.errorDetail ?? pr.error ?? '') : (pr.error ?? ''));
  if (pr.kind === 'loading') return `${who} ${pr.reading}`;
  const advice = adviceFor(pr.errorCode, {
    retry: opts.retry,
    nextPollInMs: pr.nextPollAt === null ? null : Math.max(0, pr.nextPollAt - opts.real),
  });
  if (pr.kind === 'paused')
    return `${who} ${pr.reading}. ${advice.long} ${message && sentence(message)}`.trim();
  if (!pr.error) {
    // Stale without a failure: a poll hangs, or the process was suspended and has not polled since.
    return `${who} ${pr.reading}: ${pr.polling ? 'a poll is running, no answer yet' : `waiting for the next poll (${opts.retry} to poll now)`}.`;
  }
  return `${who} ${pr.reading}: ${sentence(message)} ${advice.long}`;
}

/** Vendor text ends without a full stop often enough to run into the advice; give it one. */
const sentence = (text: string) => (/[.!?)]$/.test(text) ? text : `${text}.`);

/** A short clause for one-line places: "pd-demo paused: fix credentials, press r". */
export function problemShort(pr: Problem, retry: string): string {
  const who = clean(pr.instance);
  if (pr.kind === 'paused') return `${who} ${adviceFor(pr.errorCode, { retry }).short}`;
  if (pr.kind === 'loading') return `${who} ${pr.reading}`;
  return `${who} ${pr.reading}${pr.error ? `: ${clean(pr.error)}` : ''}`;
}

/**
 * What an empty list may say. "✔ No open incidents." only when every source is fresh;
 * otherwise the claim is qualified by what is missing, and never carries the tick.
 */
export function emptyText(p: PanelSources, claim: string, g: Glyphs): { text: string; tone?: Tone } {
  if (p.state === 'fresh') return { text: `${g.success} ${claim}.`, tone: 'ok' };
  if (p.state === 'partial') {
    const fresh = unique(p.sources.filter((s) => s.coverage === 'fresh').map((s) => clean(s.instance)));
    return {
      text: `${claim} from ${fresh.join(', ')}. Not an all-clear: ${gaps(p).join(', ')}.`,
      tone: 'warn',
    };
  }
  if (p.state === 'stale') {
    return {
      text: `${g.stale} ${claim} in the last good data (${staleWords(worstStale(p) ?? 0)}). Not an all-clear.`,
      tone: 'warn',
    };
  }
  return { text: `No data yet: not an all-clear.`, tone: 'danger' };
}

/** The lead segment of a one-line summary when the panel is not fully fresh; null when it is. */
export function stateSegment(p: PanelSources, g: Glyphs, retry: string): Segment | null {
  switch (p.state) {
    case 'fresh':
    case 'unconfigured':
      return null;
    case 'loading':
      return { text: `loading${g.ellipsis}`, tone: 'info' };
    case 'no-data': {
      const first = problemsOf(p, g)[0];
      return { text: `${g.error} no data: ${first ? problemShort(first, retry) : ''}`, tone: 'danger' };
    }
    case 'stale':
      return { text: `${g.stale} ${staleWords(worstStale(p) ?? 0)}`, tone: 'warn' };
    case 'partial':
      return { text: `${g.stale} partial: ${gaps(p).join(', ')}`, tone: 'warn' };
  }
}

/** The source an incident row or detail came from (its connector's incidents stream). */
export function incidentSource(p: PanelSources, i: Pick<Incident, 'source'>): SourceStatus | undefined {
  return sourceOf(p, i.source, 'incidents');
}

/** A vendor SLA clock comes from the `slas` stream; a config-target clock from its incident's stream. */
export function slaItemSource(p: PanelSources, item: Pick<SlaRiskItem, 'source' | 'clock'>) {
  return sourceOf(p, item.source, item.clock === 'sla' ? 'slas' : 'incidents');
}

/** The line under a stale detail view's title; undefined when the source is fresh. */
export function detailStaleNote(src: SourceStatus | undefined, g: Glyphs): string | undefined {
  if (src?.coverage !== 'stale') return undefined;
  const age = formatDuration(src.staleMs ?? src.ageMs ?? 0);
  return `${g.stale} STALE ${age}: ${clean(src.instance)} has no fresh data; this record may have changed since.`;
}

/** The marker a stale row or detail carries: glyph and word (colour and dim only reinforce it). */
export function staleMark(g: Glyphs): string {
  return `${g.stale} stale`;
}

/** One rendered line of a problem block. */
export interface ProblemLine {
  id: string;
  text: string;
  tone: Tone;
}

/**
 * Problem paragraphs wrapped into at most `budget` lines. Every problem gets its first
 * line before any gets a second; a cut problem ends with "… i: full text" and problems
 * that get no line at all are counted on the last one, so nothing disappears silently.
 */
export function problemBlock(
  problems: readonly Problem[],
  width: number,
  budget: number,
  opts: { retry: string; statusKey: string; real: number; g: Glyphs; streams?: boolean; wrap?: Wrap },
): ProblemLine[] {
  const { g } = opts;
  const wrapLines = opts.wrap ?? wrapText;
  if (budget <= 0 || width <= 4 || problems.length === 0) return [];
  const more = `${g.ellipsis} ${opts.statusKey}: full text`;
  const wrapped = problems.map((pr) =>
    wrapLines(problemParagraph(pr, { retry: opts.retry, real: opts.real, streams: opts.streams }), width - 2),
  );
  const shown = Math.min(problems.length, budget);
  const alloc = wrapped.slice(0, shown).map(() => 1);
  let left = budget - shown;
  for (let i = 0; i < shown && left > 0; i++) {
    const extra = Math.min(wrapped[i]!.length - 1, left);
    alloc[i]! += extra;
    left -= extra;
  }
  const out: ProblemLine[] = [];
  for (let i = 0; i < shown; i++) {
    const pr = problems[i]!;
    const all = wrapped[i]!;
    const kept = all.slice(0, alloc[i]);
    if (kept.length < all.length) {
      kept[kept.length - 1] = clipWith(kept[kept.length - 1]!, width - 2, more);
    }
    kept.forEach((line, j) => {
      out.push({
        id: `${pr.instance}:${pr.kind}:${pr.streams.join(',')}:${j}`,
        text: `${j === 0 ? problemGlyph(pr.kind, g) : ' '} ${line}`,
        tone: PROBLEM_TONE[pr.kind],
      });
    });
  }
  const hidden = problems.length - shown;
  if (hidden > 0 && out.length > 0) {
    const last = out[out.length - 1]!;
    last.text = clipWith(last.text, width, `+${hidden} more (${opts.statusKey})`);
  }
  return out;
}
