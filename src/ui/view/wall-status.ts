/**
 * The wall's honesty about its data (pure): when each tile was last updated, whether it is
 * stale, and one outage line per connector in trouble while its last good data stays on screen.
 */
import { formatDuration } from '../../domain/format.js';
import type { PanelSources } from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';

export interface TileFreshness {
  /** Newest good data among its sources (real epoch ms); null before any. */
  updatedAt: number | null;
  /** Age of its oldest stale data; null when nothing is stale. */
  staleMs: number | null;
}

/**
 * Stale by the cockpit's rule (older than twice the poll interval), or, when the wall sets
 * `staleAfterMs`, older than that: a wall across the room may want a stricter word.
 */
export function tileFreshness(view: PanelSources, real: number, staleAfterMs: number | null): TileFreshness {
  let updatedAt: number | null = null;
  let staleMs: number | null = null;
  for (const s of view.sources) {
    if (s.fetchedAt === null) continue;
    updatedAt = Math.max(updatedAt ?? s.fetchedAt, s.fetchedAt);
    const age = Math.max(0, real - s.fetchedAt);
    if (s.coverage === 'stale' || (staleAfterMs !== null && age > staleAfterMs)) {
      staleMs = Math.max(staleMs ?? 0, age);
    }
  }
  return { updatedAt, staleMs };
}

/** One line per connector whose last poll failed: what failed, and how old what is shown is. */
export function outageLines(state: AppState, real: number, g: Glyphs): string[] {
  const out: string[] = [];
  for (const c of Object.values(state.connectors)) {
    const failing = Object.values(c.streams).filter((s) => s !== undefined && s.error !== undefined);
    if (failing.length === 0) continue;
    const names = failing.map((s) => s!.name).join(', ');
    const first = failing[0]!;
    const ages = failing.filter((s) => s!.fetchedAt !== null).map((s) => real - s!.fetchedAt!);
    const shown =
      ages.length > 0
        ? `showing last good data, ${formatDuration(Math.max(0, ...ages))} old`
        : 'no data from it yet';
    const next = first.status === 'paused' ? 'polling paused until someone fixes it' : 'retrying by itself';
    out.push(
      `${g.caution} OUTAGE ${clean(c.instance)} ${g.dash} ${names}: ${clean(first.error ?? '')} ${g.dot} ${shown} ${g.dot} ${next}`,
    );
  }
  for (const r of state.refused)
    out.push(`${g.caution} ${clean(r.instance)} not started: ${clean(r.reason)}`);
  return out;
}
