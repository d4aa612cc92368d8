import type { Incident } from '../../domain/model.js';
import { selectRecords } from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import type { ToastView } from '../components/ToastLine.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';
import { PROGRESS } from './action-text.js';
import type { UiState } from './ui-state.js';

/** How long an outcome stays on the toast line, checked on the 1 Hz tick. */
export const TOAST_MS = 6000;

/**
 * What the toast line shows: the newest unexpired message, unless a write is in
 * progress and nothing was said since it started.
 */
export function currentToast(
  state: AppState,
  ui: UiState,
  now: number,
  g: Pick<Glyphs, 'more'>,
): ToastView | null {
  const fresh = [...state.toasts, ...ui.messages]
    .filter((t) => now - t.at < TOAST_MS)
    .sort((a, b) => a.at - b.at);
  const last = fresh[fresh.length - 1];
  const mine = Object.values(ui.inflight)[0];
  if (mine) {
    const said = ui.messages.filter((m) => m.id >= mine.seq && now - m.at < TOAST_MS).at(-1);
    return said
      ? { level: said.level, text: clean(said.text) }
      : { level: 'progress', text: `${mine.label}${g.more}` };
  }
  const other = Object.entries(state.pending)[0];
  if (other) {
    const [key, capability] = other;
    const incident = selectRecords<Incident>(state, 'incidents').find((i) => `${i.source}:${i.id}` === key);
    return { level: 'progress', text: `${PROGRESS[capability]} ${clean(incident?.key ?? key)}${g.more}` };
  }
  return last ? { level: last.level, text: clean(last.text) } : null;
}
