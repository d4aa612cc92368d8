/**
 * The wall's page rotation as data (pure): which page shows, since when, and whether it is
 * paused. Time is the app's real clock (the demo's accelerated vendor clock must not spin the
 * pages), read at the 1 Hz tick; no timer of its own.
 */
export interface Rotation {
  /** The page on screen; null before the first page exists. */
  key: string | null;
  /** Its position, for when its page disappears (a panel falls quiet). */
  index: number;
  /** Real ms when the current page's time began. */
  startedAt: number;
  paused: boolean;
  /** Ms that were left when it was paused. */
  leftMs: number;
}

export const startRotation = (now: number): Rotation => ({
  key: null,
  index: 0,
  startedAt: now,
  paused: false,
  leftMs: 0,
});

function show(r: Rotation, pages: readonly string[], index: number, now: number): Rotation {
  const i = ((index % pages.length) + pages.length) % pages.length;
  return { ...r, key: pages[i]!, index: i, startedAt: now, leftMs: r.paused ? r.leftMs : 0 };
}

/** Settle on an existing page and turn it when its time is up (unless paused). */
export function rotate(r: Rotation, pages: readonly string[], now: number, everyMs: number): Rotation {
  if (pages.length === 0) return r.key === null ? r : { ...r, key: null, index: 0 };
  const at = r.key === null ? -1 : pages.indexOf(r.key);
  // Its page went away: show what now stands in its place, with a fresh interval.
  if (at < 0) return show(r, pages, Math.min(r.index, pages.length - 1), now);
  if (at !== r.index) return { ...r, index: at };
  if (r.paused || pages.length === 1 || now - r.startedAt < everyMs) return r;
  return show(r, pages, at + 1, now);
}

/** The next page now; a paused wall stays paused on it. */
export function nextPage(r: Rotation, pages: readonly string[], now: number, everyMs: number): Rotation {
  if (pages.length === 0) return r;
  const at = r.key === null ? -1 : pages.indexOf(r.key);
  const next = show(r, pages, (at < 0 ? r.index : at) + 1, now);
  return r.paused ? { ...next, leftMs: everyMs } : next;
}

export function togglePause(r: Rotation, now: number, everyMs: number): Rotation {
  if (r.paused) return { ...r, paused: false, startedAt: now - (everyMs - r.leftMs), leftMs: 0 };
  return { ...r, paused: true, leftMs: msLeft(r, now, everyMs) };
}

/** Until the page turns (frozen while paused). */
export function msLeft(r: Rotation, now: number, everyMs: number): number {
  if (r.paused) return r.leftMs;
  return Math.max(0, everyMs - (now - r.startedAt));
}
