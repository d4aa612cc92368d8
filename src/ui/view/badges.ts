import {
  adviceFor,
  type ConnectorFreshness,
  connectorFreshness,
  connectorNotAnsweringMs,
} from '../../store/freshness.js';
import type { AppState, ConnectorState } from '../../store/types.js';
import { notAnsweringWords, staleWords } from './freshness-text.js';

export interface Badge {
  instance: string;
  kind: 'ok' | 'warn' | 'error';
  /** Text after the glyph: `pd-demo`, `pd-eu stale 2m`, `pd-us paused: fix credentials, press r`. */
  text: string;
}

/**
 * One header badge per connector: the worst thing the on-call engineer should know about
 * it, with the connector's one staleness reading (the same "stale 41s" its panels show).
 * A paused connector says what to do and which key retries, because nothing else will.
 */
export function connectorBadge(
  c: ConnectorState,
  real: number,
  retry = 'press r',
  reading: ConnectorFreshness = connectorFreshness(c, real),
): Badge {
  const base = { instance: c.instance };
  const stale = reading.staleMs === null ? null : staleWords(reading.staleMs);
  const paused = reading.paused[0];
  if (paused) {
    const advice = adviceFor(paused.code, { retry }).short;
    return { ...base, kind: 'error', text: `${c.instance} ${advice}${stale ? ` (${stale})` : ''}` };
  }
  if (reading.noData) return { ...base, kind: 'error', text: `${c.instance} no data` };
  if (c.health === 'down') {
    return { ...base, kind: 'error', text: `${c.instance} down${stale ? `, ${stale}` : ''}` };
  }
  if (stale) return { ...base, kind: 'warn', text: `${c.instance} ${stale}` };
  // "starting" while one stream already failed would hide the failure behind "loading".
  const failing = Object.values(c.streams).some((s) => s !== undefined && s.failures > 0);
  if (c.health === 'degraded' || (c.health === 'starting' && failing)) {
    return { ...base, kind: 'warn', text: `${c.instance} degraded` };
  }
  if (c.health === 'starting') {
    const waiting = connectorNotAnsweringMs(c, real);
    return {
      ...base,
      kind: 'warn',
      text: waiting === null ? `${c.instance} loading` : `${c.instance} ${notAnsweringWords(waiting)}`,
    };
  }
  return { ...base, kind: 'ok', text: c.instance };
}

/** Longest refusal reason shown in the header; the status view has all of it. */
export const REASON_CHARS = 48;

/** The first line of a refusal reason without the plugin id it opens with, cut to REASON_CHARS. */
export function shortReason(reason: string, plugin: string): string {
  let text = (reason.split(/\r?\n/, 1)[0] ?? '').trim();
  if (text.startsWith(`${plugin} `)) text = text.slice(plugin.length + 1);
  // "fixture-acme setup failed: …": the plugin's own words matter more than its id here.
  text = text.replace(/^\S+ (setup failed: )/, '$1');
  text = text.replace(/\s+/g, ' ');
  return text.length > REASON_CHARS
    ? `${text.slice(0, REASON_CHARS - 1).trimEnd()}…`
    : text || 'no reason given';
}

export function headerBadges(state: AppState, real: number, retry = 'press r', statusKey = 'i'): Badge[] {
  const live = Object.values(state.connectors).map((c) => connectorBadge(c, real, retry));
  // "refused" alone sent the user hunting; the reason's start is here, the whole of it in status.
  const refused = state.refused.map<Badge>((r) => ({
    instance: r.instance,
    kind: 'error',
    text: `${r.instance} refused: ${shortReason(r.reason, r.plugin)} (${statusKey})`,
  }));
  // Config warnings outlive their start-up toast: the count stays until restart, the text in status.
  const warned: Badge[] =
    state.warnings.length > 0
      ? [
          {
            instance: '\u0000warnings',
            kind: 'warn',
            text: `${state.warnings.length} config warning${state.warnings.length === 1 ? '' : 's'} (${statusKey})`,
          },
        ]
      : [];
  return [...live, ...refused, ...warned];
}
