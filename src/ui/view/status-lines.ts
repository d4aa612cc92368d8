/**
 * The status view's content as wrapped lines: every connector·stream with its state,
 * freshness, full last error and what to do; connectors that were not started; config
 * warnings; and recent messages (toasts vanish in seconds, these stay). Pure, so the
 * wording is tested without a terminal.
 */
import { formatDuration } from '../../domain/format.js';
import { adviceFor, ageOf, connectorFreshness, coverageOf, notAnsweringMs } from '../../store/freshness.js';
import type { AppState, StreamState, Toast } from '../../store/types.js';
import { clean } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import { connectorBadge } from './badges.js';
import { notAnsweringWords, staleWords } from './freshness-text.js';
import { statsParagraphs } from './stats-text.js';
import { type Wrap, wrapText } from './wrap.js';

export interface StatusLine {
  id: string;
  text: string;
  tone?: Tone;
  bold?: boolean;
}

interface Ctx {
  width: number;
  real: number;
  g: Glyphs;
  retry: string;
  /** The theme's wrap (ASCII mode); the plain one when absent. */
  wrap?: Wrap;
}

/** A paragraph wrapped under an indent; every line gets a unique id. */
function para(
  id: string,
  text: string,
  indent: number,
  ctx: Ctx,
  style: Omit<StatusLine, 'id' | 'text'> = {},
) {
  const pad = ' '.repeat(indent);
  return (ctx.wrap ?? wrapText)(text, Math.max(10, ctx.width - indent)).map((line, i) => ({
    id: `${id}:${i}`,
    text: pad + line,
    ...style,
  }));
}

/** Multi-line vendor text: each of its lines cleaned and wrapped on its own (a stack keeps its shape). */
function block(id: string, text: string, indent: number, ctx: Ctx, tone?: Tone): StatusLine[] {
  return text
    .split(/\r?\n/)
    .map(clean)
    .filter(Boolean)
    .flatMap((line, i) => para(`${id}:${i}`, line, indent, ctx, tone ? { tone } : {}));
}

function streamSummary(s: StreamState, staleMs: number | null, ctx: Ctx, settingUp = false): string {
  const coverage = coverageOf(s, ctx.real);
  const age = ageOf(s, ctx.real);
  const parts: string[] = [s.status === 'backoff' ? `backoff after ${s.failures} failures` : s.status];
  if (coverage === 'stale') parts.push(staleWords(staleMs ?? age ?? 0));
  else if (age !== null) parts.push(`updated ${formatDuration(age)} ago`);
  else if (coverage === 'missing') parts.push('no data');
  else {
    const waiting = notAnsweringMs(s, ctx.real);
    // The plugin's setup() still runs in its thread: the first poll waits for it.
    const why = settingUp ? ' (its plugin is still setting up)' : '';
    parts.push(
      waiting === null
        ? settingUp
          ? 'plugin setting up'
          : 'no answer yet'
        : notAnsweringWords(waiting) + why,
    );
  }
  if (s.status !== 'paused' && s.nextPollAt !== null && s.nextPollAt > ctx.real)
    parts.push(`next poll in ${formatDuration(s.nextPollAt - ctx.real)}`);
  return `${s.name}: ${parts.join(` ${ctx.g.dot} `)}`;
}

function sourceLines(state: AppState, ctx: Ctx): StatusLine[] {
  const { g } = ctx;
  const out: StatusLine[] = [{ id: 'h:sources', text: 'Sources', bold: true, tone: 'accent' }];
  const connectors = Object.values(state.connectors);
  if (connectors.length === 0) out.push({ id: 'sources:none', text: '  No connector is running.' });
  for (const c of connectors) {
    const reading = connectorFreshness(c, ctx.real);
    const badge = connectorBadge(c, ctx.real, ctx.retry, reading);
    const glyph = { ok: g.ok, warn: g.warn, error: g.error }[badge.kind];
    const tone = ({ ok: 'ok', warn: 'warn', error: 'danger' } as const)[badge.kind];
    out.push(
      // "✖ pd (PagerDuty) paused: fix credentials, press r": the badge's words after the name.
      ...para(
        `c:${c.instance}`,
        `${glyph} ${clean(c.instance)} (${clean(c.displayName)}) ${clean(badge.text.slice(c.instance.length))}`.trimEnd(),
        1,
        ctx,
        {
          tone,
          bold: true,
        },
      ),
    );
    for (const s of Object.values(c.streams)) {
      if (!s) continue;
      const id = `s:${c.instance}:${s.name}`;
      out.push(...para(id, streamSummary(s, reading.staleMs, ctx, c.settingUp === true), 3, ctx));
      if (!s.error) continue;
      out.push(...block(`${id}:err`, s.errorDetail ?? s.error, 5, ctx, 'danger'));
      const next = s.nextPollAt === null ? null : Math.max(0, s.nextPollAt - ctx.real);
      const advice = adviceFor(s.errorCode, { retry: ctx.retry, nextPollInMs: next }).long;
      out.push(...para(`${id}:todo`, `What to do: ${advice}`, 5, ctx, { tone: 'warn' }));
    }
    // What the connector has been doing: requests and budget, call timings, drops, last error.
    if (c.stats) {
      for (const p of statsParagraphs(c.stats, ctx.real, clockTime)) {
        const id = `st:${c.instance}:${p.id}`;
        // The last error keeps its own lines (a stack or a vendor body keeps its shape).
        if (p.id === 'last-error') out.push(...block(id, p.text, 3, ctx, p.tone));
        else out.push(...para(id, p.text, 3, ctx, p.tone ? { tone: p.tone } : {}));
      }
    }
  }
  return out;
}

function refusedLines(state: AppState, ctx: Ctx): StatusLine[] {
  if (state.refused.length === 0) return [];
  return [
    { id: 'h:refused', text: 'Not started', bold: true, tone: 'accent' },
    ...state.refused.flatMap((r) => [
      ...para(
        `r:${r.instance}`,
        `${ctx.g.error} ${clean(r.instance)} (${clean(r.plugin)})${r.code ? ` ${r.code}` : ''}:`,
        1,
        ctx,
        { tone: 'danger', bold: true },
      ),
      ...block(`r:${r.instance}:why`, r.reason, 3, ctx),
    ]),
  ];
}

function warningLines(state: AppState, ctx: Ctx): StatusLine[] {
  const head: StatusLine = { id: 'h:warnings', text: 'Config warnings', bold: true, tone: 'accent' };
  if (state.warnings.length === 0) return [head, { id: 'w:none', text: '  None.' }];
  return [
    head,
    ...state.warnings.flatMap((w, i) =>
      para(`w:${i}`, `${ctx.g.warn} ${clean(w)}`, 1, ctx, { tone: 'warn' }),
    ),
  ];
}

const GLYPH: Record<Toast['level'], keyof Glyphs> = {
  info: 'info',
  success: 'success',
  warn: 'warn',
  error: 'error',
};
const TONE: Record<Toast['level'], Tone | undefined> = {
  info: undefined,
  success: 'ok',
  warn: 'warn',
  error: 'danger',
};

function messageLines(messages: readonly Pick<Toast, 'level' | 'text' | 'at'>[], ctx: Ctx): StatusLine[] {
  const head: StatusLine = { id: 'h:messages', text: 'Messages, newest first', bold: true, tone: 'accent' };
  if (messages.length === 0) return [head, { id: 'm:none', text: '  None yet.' }];
  const sorted = [...messages].sort((a, b) => b.at - a.at);
  return [
    head,
    ...sorted.flatMap((m, i) => {
      const tone = TONE[m.level];
      return para(
        `m:${i}`,
        `${clockTime(m.at)} ${ctx.g[GLYPH[m.level]]} ${clean(m.text)}`,
        1,
        ctx,
        tone ? { tone } : {},
      );
    }),
  ];
}

/** Every line of the status view at `width` columns; `uiMessages` are the UI's own (refusals, cancels). */
export function statusLines(
  state: AppState,
  uiMessages: readonly Pick<Toast, 'level' | 'text' | 'at'>[],
  opts: Ctx,
): StatusLine[] {
  const gap = (id: string): StatusLine => ({ id, text: '' });
  return [
    ...sourceLines(state, opts),
    gap('g1'),
    ...refusedLines(state, opts),
    ...(state.refused.length > 0 ? [gap('g2')] : []),
    ...warningLines(state, opts),
    gap('g3'),
    ...messageLines([...state.history, ...uiMessages], opts),
  ];
}
