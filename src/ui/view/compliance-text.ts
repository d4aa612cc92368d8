/**
 * Words, lines and columns of the endpoint compliance panel and its host detail. The filtered
 * list is remembered per (host list, filter text): with 100,000 hosts it must not be rebuilt on
 * every clock tick or keypress, only when the hosts or the filter change.
 */
import type { HostVerdict, RuleId } from '../../domain/compliance-rules.js';
import { RULE_LABELS } from '../../domain/compliance-rules.js';
import { subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Host } from '../../domain/model.js';
import { type ComplianceView, parseHostFilter, verdictKey } from '../../domain/panels/compliance.js';
import type { Column, TableRow } from '../components/DataTable.js';
import { containmentWords } from '../kinds/registry.js';
import type { ListRow } from '../panels/types.js';
import { clean } from '../text/fit.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import { markCell } from './columns.js';
import { fieldText, type QueryDialect } from './list-query.js';
import type { Segment } from './summaries.js';

/** Short rule names for the table's "Fails" column and the ranking line. */
export const RULE_SHORT: Readonly<Record<RuleId, string>> = {
  seen: 'stale',
  sensor: 'sensor',
  prevention: 'prevention',
  rfm: 'RFM',
  zta: 'ZTA',
  tags: 'tags',
};

/** A host row of the list: the verdict it draws. */
export type HostListRow = ListRow & { verdict: HostVerdict };

/** Every word `rule:` accepts for a rule, so `rule:stale` and `rule:seen` find the same hosts. */
const ruleWords = (rule: RuleId): string[] => [
  rule,
  RULE_SHORT[rule].toLowerCase(),
  ...RULE_WORD_LIST.filter(([, r]) => r === rule).map(([w]) => w),
];
const RULE_WORD_LIST: readonly (readonly [string, RuleId])[] = (
  ['seen', 'stale', 'sensor', 'version', 'prevention', 'policy', 'rfm', 'zta', 'score', 'tags'] as const
).flatMap((w) => {
  const rule = parseHostFilter(`rule:${w}`).filter.rule;
  return rule ? [[w, rule] as const] : [];
});

const rowOf = memoOn(
  (v: HostVerdict): HostListRow => ({
    key: verdictKey(v),
    verdict: v,
    subject: subjectOf(v.host),
    fields: {
      title: fieldText(v.host.hostname),
      host: fieldText([v.host.hostname, v.host.fqdn ?? '']),
      platform: fieldText(v.host.platform),
      tag: fieldText(v.host.tags),
      rule: v.failed.flatMap(ruleWords).join('\n'),
    },
  }),
);
// Verdicts come worst first, so the non-compliant ones are the list's head.
const failingRows = memoOn((items: readonly HostVerdict[]) => items.filter((v) => !v.compliant).map(rowOf));
const allRows = memoOn((items: readonly HostVerdict[]) => items.map(rowOf));

/**
 * The hosts list before the `/` filter: the non-compliant hosts, worst first, or every host
 * with the filter word `all`. Kept per host list: 100,000 hosts are not rebuilt per tick.
 */
export function hostRows(view: ComplianceView, all: boolean): readonly HostListRow[] {
  return all ? allRows(view.items) : failingRows(view.items);
}

/** The hosts list's filter words beyond the common ones: platform, tag, rule, name; `all`. */
export const HOST_DIALECT: QueryDialect = {
  fields: { platform: 'platform', os: 'platform', tag: 'tag', rule: 'rule', name: 'host' },
  flags: ['all', 'is:all'],
  check: (field, value) => (field === 'rule' ? parseHostFilter(`rule:${value}`).problem : undefined),
};

export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.floor(share * 1000) / 10}%`;
}

export function shareBar(share: number, width: number, g: Glyphs): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * width);
  return `${g.barFull.repeat(filled)}${g.barEmpty.repeat(width - filled)}`;
}

export function complianceTone(share: number | null): Tone | undefined {
  if (share === null) return undefined;
  return share >= 0.95 ? 'ok' : share >= 0.8 ? 'warn' : 'danger';
}

/** The panel's headline: "87.0% compliant · 31 failing · 1 contained". */
export function complianceSegments(v: ComplianceView, g: Glyphs): Segment[] {
  if (v.hosts === 0) return [{ text: 'no hosts yet', tone: 'muted' }];
  const tone = complianceTone(v.share);
  const out: Segment[] = [
    { text: `${percent(v.share)} compliant`, ...(tone ? { tone } : {}), bold: true },
    { text: `${v.nonCompliant} of ${v.hosts} failing`, ...(v.nonCompliant ? { tone: 'warn' } : {}) },
  ];
  if (v.contained > 0) out.push({ text: `${g.caution} ${v.contained} contained`, tone: 'danger' });
  if (v.pending > 0) out.push({ text: `${v.pending} containment pending`, tone: 'warn' });
  return out;
}

/** "Failing: sensor 14 · stale 12 · ZTA 10" — the rules most hosts fail, first. */
export function ruleLine(v: ComplianceView): Segment[] {
  const failing = v.rules.filter((r) => r.failing > 0);
  if (failing.length === 0) return [{ text: 'Every rule passes on every host', tone: 'ok' }];
  return failing.map((r, i) => ({ text: `${i === 0 ? 'Failing: ' : ''}${RULE_SHORT[r.rule]} ${r.failing}` }));
}

/** "Windows 150 (85%) · Mac 50 (90%)". */
export function platformLine(v: ComplianceView): Segment[] {
  return v.platforms.map((p, i) => {
    const share = p.hosts ? p.compliant / p.hosts : null;
    const tone = complianceTone(share);
    const text = `${i === 0 ? 'Platforms: ' : ''}${clean(p.platform)} ${p.hosts} (${percent(share)})`;
    return { text, ...(tone ? { tone } : {}) };
  });
}

/** Days (or hours) since a host was last seen, short. */
export function seenAgo(ms: number | null, now: number): string {
  if (ms === null) return 'never';
  const d = Math.floor((now - ms) / 86_400_000);
  if (d >= 1) return `${d}d`;
  const h = Math.floor((now - ms) / 3_600_000);
  return h >= 1 ? `${h}h` : 'now';
}

/** "Stalest: db-07 43d · WS-FIN-00012 21d" — hosts not seen for a day or more. */
export function stalestLine(v: ComplianceView, now: number): Segment[] {
  const stale = v.stalest.filter((s) => s.lastSeenMs === null || now - s.lastSeenMs >= 86_400_000);
  if (stale.length === 0) return [{ text: 'Stalest: every host seen within a day', tone: 'ok' }];
  return stale.map((s, i) => ({
    text: `${i === 0 ? 'Stalest: ' : ''}${clean(s.host.hostname)} ${seenAgo(s.lastSeenMs, now)}`,
    tone: 'warn' as const,
  }));
}

export function containmentCell(h: Host, g: Glyphs): { text: string; tone: Tone | undefined } {
  switch (h.containment) {
    case 'contained':
      return { text: `${g.caution} contained`, tone: 'danger' };
    case 'containment_pending':
      return { text: `${g.warn} containing…`, tone: 'warn' };
    case 'lift_containment_pending':
      return { text: `${g.warn} lifting…`, tone: 'warn' };
    default:
      return { text: '', tone: undefined };
  }
}

export function hostColumns(width: number): Column[] {
  const fixed: Column[] = [
    { key: 'mark', title: '', width: 1 },
    { key: 'platform', title: 'Platform', width: 8 },
    { key: 'seen', title: 'Seen', width: 5, align: 'right' },
    { key: 'fails', title: 'Fails', width: 22 },
    { key: 'contain', title: 'Containment', width: 12 },
  ];
  const used = fixed.reduce((n, c) => n + c.width + 1, 0);
  const host = Math.max(8, width - used - 1);
  return [fixed[0]!, { key: 'host', title: 'Host', width: host }, ...fixed.slice(1)];
}

/** `linked`: the host has related records elsewhere (`g.related` starts its name). */
export function hostRow(
  v: HostVerdict,
  selected: boolean,
  now: number,
  g: Glyphs,
  linked = false,
  marked?: boolean,
): TableRow {
  const c = containmentCell(v.host, g);
  return {
    id: verdictKey(v),
    selected,
    cells: {
      mark: markCell(selected, marked, g),
      host: `${linked ? `${g.related} ` : ''}${clean(v.host.hostname)}`,
      platform: clean(v.host.platform),
      seen: seenAgo(v.lastSeenMs, now),
      fails: v.failed.length === 0 ? `${g.ok} compliant` : v.failed.map((r) => RULE_SHORT[r]).join(', '),
      contain: c.text,
    },
    tones: {
      fails: v.failed.length ? 'danger' : 'ok',
      contain: c.tone,
      seen: v.failed.includes('seen') ? 'warn' : undefined,
    },
  };
}

/** A rule's verdict for the detail: glyph and word, never colour alone. */
export function verdictText(verdict: HostVerdict['results'][number], g: Glyphs): string {
  const mark =
    verdict.verdict === 'pass'
      ? `${g.ok} pass`
      : verdict.verdict === 'fail'
        ? `${g.error} FAIL`
        : '? unknown';
  return `${mark} ${g.dot} ${clean(verdict.value)}`;
}

export { containmentWords, RULE_LABELS };
