/**
 * The shift report as text (a terminal, an e-mail) and as Markdown (chat, tickets). Both say
 * the same things in the same order; severity is always a word, never only a colour or a glyph.
 * Times are printed in UTC with the zone named, so a handoff read in another time zone is not
 * misread.
 */
import { formatDuration } from '../domain/format.js';
import { sanitizeText } from '../domain/sanitize.js';
import { escapeMarkdown, markdownLink } from './markdown.js';
import {
  CHANGE_KINDS,
  type ChangeKind,
  type ReportChange,
  type ReportItem,
  type ReportOnCall,
  type ReportSla,
  type ReportSource,
  type ShiftReport,
} from './shift-report.js';

/** How many rows a list shows before "and N more". */
const ROWS = 10;

export interface ReportMeta {
  version: string;
  demo: boolean;
  /** Simulated seconds per real second, in the demo. */
  speed?: number;
}

/** `2026-11-23 03:12 UTC`; a dash for an unparseable time. */
export function utc(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '-';
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(t)) return '-';
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const CHANGE_TITLE: Record<ChangeKind, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  resolved: 'Resolved',
  breached: 'Breached SLA',
};

const PROBLEM_WORD: Record<ReportSource['problem'], string> = {
  stale: 'STALE',
  down: 'DOWN',
  loading: 'NO ANSWER',
  refused: 'NOT STARTED',
};

/** The words shared by both formats: one writer per format supplies escaping and emphasis. */
interface Style {
  text(s: string): string;
  item(i: ReportItem): string;
  strong(s: string): string;
  heading(s: string): string;
  bullet(s: string, depth?: number): string;
}

const plain: Style = {
  text: (s) => sanitizeText(s),
  item: (i) =>
    `${sanitizeText(i.key)}${i.title ? ` ${sanitizeText(i.title)}` : ''}${i.url ? ` <${i.url}>` : ''}`,
  strong: (s) => s,
  heading: (s) => `${s.toUpperCase()}`,
  bullet: (s, depth = 1) => `${'  '.repeat(depth)}${s}`,
};

const markdown: Style = {
  text: escapeMarkdown,
  item: (i) => `${markdownLink(i.key, i.url)}${i.title ? ` ${escapeMarkdown(i.title)}` : ''}`,
  strong: (s) => `**${s}**`,
  heading: (s) => `### ${s}`,
  bullet: (s, depth = 1) => `${'  '.repeat(depth - 1)}- ${s}`,
};

/** A window as people say it: 8h, 90m, 1d, 1h30m. */
export function span(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m % 1440 === 0) return `${m / 1440}d`;
  if (m % 60 === 0) return `${m / 60}h`;
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h${m % 60}m`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function more<T>(items: readonly T[], total: number, st: Style, line: (x: T) => string, depth = 1): string[] {
  const out = items.slice(0, ROWS).map((x) => st.bullet(line(x), depth));
  if (total > Math.min(items.length, ROWS))
    out.push(st.bullet(`... and ${total - Math.min(items.length, ROWS)} more`, depth));
  return out;
}

function header(r: ShiftReport, meta: ReportMeta, st: Style): string[] {
  const lines = [st.strong(`Shift report ${utc(r.realNow)}, covering the last ${span(r.sinceMs)}`)];
  if (r.vendorNow !== r.realNow) {
    lines.push(
      st.text(
        `Demo world: record times are on its simulated clock (${meta.speed ?? '?'}x), now ${utc(r.vendorNow)}; ` +
          "freshness and the audit trail on this machine's clock.",
      ),
    );
  }
  return lines;
}

function openSection(r: ShiftReport, st: Style): string[] {
  const out = [st.heading('Open incidents')];
  if (r.open.total === 0) return [...out, st.bullet('Nothing open.')];
  out.push(
    st.bullet(
      `${st.strong(plural(r.open.total, 'incident'))} open: ${r.open.triggered} triggered (not acknowledged), ${r.open.acknowledged} acknowledged`,
    ),
  );
  const buckets = r.open.byPriority.map(
    (b) =>
      `${b.priority === 'none' ? 'no priority' : b.priority}: ${b.triggered} triggered, ${b.acknowledged} acknowledged`,
  );
  if (buckets.length > 0) out.push(st.bullet(`By priority: ${buckets.join('; ')}`));
  out.push(
    ...more(r.top, r.open.total, st, (i) => {
      const tag = i.status === 'triggered' ? st.strong('TRIGGERED') : 'acknowledged';
      return `${tag} ${i.priority ?? '--'} ${st.item(i)} (${st.text(i.source)}, open ${formatDuration(i.ageMs)})`;
    }),
  );
  return out;
}

function slaLine(s: ReportSla, st: Style): string {
  const when = s.breached
    ? `${st.strong('BREACHED')} ${formatDuration(-s.remainingMs)} ago`
    : `breaches in ${formatDuration(s.remainingMs)} (${utc(s.targetAt)})`;
  return `${when}: ${st.text(s.name)} on ${st.item(s)}`;
}

function slaSection(r: ShiftReport, st: Style): string[] {
  const out = [st.heading('SLA')];
  if (r.breached.count === 0 && r.breachesNext.length === 0)
    return [...out, st.bullet('Nothing breached or running.')];
  out.push(
    st.bullet(r.breached.count === 0 ? 'Nothing breached.' : `${st.strong(`${r.breached.count} BREACHED`)}:`),
  );
  out.push(...more(r.breached.items, r.breached.count, st, (s) => slaLine(s, st), 2));
  if (r.breachesNext.length > 0) {
    out.push(st.bullet('Breaches next:'));
    out.push(...more(r.breachesNext, r.breachesNext.length, st, (s) => slaLine(s, st), 2));
  }
  return out;
}

function oncallLine(p: ReportOnCall, st: Style): string {
  if (p.nobody) return `${st.text(p.policy)}: ${st.strong('NOBODY ON CALL')} (pages go nowhere)`;
  const now = p.now
    .map((x) => `L${x.level} ${st.text(x.name)} ${x.until ? `until ${utc(x.until)}` : '(always)'}`)
    .join('; ');
  const next =
    p.next === null
      ? 'next: not reported by the source'
      : `next: ${p.next.map((x) => `L${x.level} ${st.text(x.name)} from ${utc(x.from)}`).join('; ')}`;
  return `${st.text(p.policy)}: ${now}. ${next}`;
}

function oncallSection(r: ShiftReport, st: Style): string[] {
  const out = [st.heading('On call')];
  if (r.oncall.length === 0) return [...out, st.bullet('No on-call data.')];
  return [...out, ...more(r.oncall, r.oncall.length, st, (p) => oncallLine(p, st))];
}

function changeLine(c: ReportChange, st: Style): string {
  const by = c.by ? ` by ${st.text(c.by)}` : '';
  const what = c.what ? `${st.text(c.what)} on ` : '';
  return `${utc(c.at)}${c.clock === 'real' ? ' (audit trail)' : ''} ${what}${st.item(c)}${by}`;
}

function changesSection(r: ShiftReport, st: Style): string[] {
  const out = [st.heading(`Changes in the last ${span(r.sinceMs)}`)];
  for (const kind of CHANGE_KINDS) {
    const list = r.changes[kind];
    out.push(st.bullet(`${CHANGE_TITLE[kind]}: ${list.length === 0 ? 'none' : list.length}`));
    out.push(...more(list, list.length, st, (c) => changeLine(c, st), 2));
  }
  out.push(st.bullet(st.text(r.audit.note)));
  return out;
}

function sourceLine(s: ReportSource, st: Style): string {
  const what = s.stream ? `${s.instance} ${s.stream}` : `${s.instance} (${s.plugin ?? '?'})`;
  const age = s.ageMs === null ? 'no data' : `last good data ${formatDuration(s.ageMs)} ago`;
  const err = s.error ? `: ${s.error}` : '';
  return st.text(`${PROBLEM_WORD[s.problem]} ${what}, ${age}${err}`);
}

function sourcesSection(r: ShiftReport, st: Style): string[] {
  const out = [st.heading('Sources')];
  if (r.allFresh)
    return [...out, st.bullet('Every source answered recently: the figures above are current.')];
  return [...out, ...more(r.sources, r.sources.length, st, (s) => sourceLine(s, st))];
}

function render(r: ShiftReport, meta: ReportMeta, st: Style): string {
  const blocks = [
    header(r, meta, st),
    openSection(r, st),
    slaSection(r, st),
    oncallSection(r, st),
    changesSection(r, st),
    sourcesSection(r, st),
  ];
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

/** For a terminal or an e-mail: plain text, no colour, no escape sequences. */
export function renderReportText(r: ShiftReport, meta: ReportMeta): string {
  return render(r, meta, plain);
}

/** For chat and tickets: Markdown in which every vendor string is inert text. */
export function renderReportMarkdown(r: ShiftReport, meta: ReportMeta): string {
  return render(r, meta, markdown);
}
