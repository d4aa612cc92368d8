import { formatDuration } from '../../domain/format.js';
import type { OnCallPerson, OnCallView } from '../../domain/panels/oncall.js';
import { clean } from '../text/fit.js';
import { shortTime } from '../text/time.js';
import type { Glyphs } from '../theme/theme.js';
import type { Segment } from './summaries.js';

export interface OnCallLine {
  /** Stable key: policy key plus level. */
  id: string;
  policy: number;
  header: boolean;
  segments: Segment[];
}

/** "Ana Example until 14:00 (3h05m)" or "Ana Example permanent". */
export function personText(p: OnCallPerson): string {
  if (p.endsAt === null || p.endsInMs === null) return `${clean(p.name)} permanent`;
  return `${clean(p.name)} until ${shortTime(Date.parse(p.endsAt))} (${formatDuration(p.endsInMs)})`;
}

/** Policies flattened to lines: a header per policy, one line per escalation level. Uncovered policies come first. */
export function oncallLines(view: OnCallView, g: Glyphs): OnCallLine[] {
  const lines: OnCallLine[] = [];
  view.policies.forEach((p, policy) => {
    const open: Segment[] = p.openIncidents > 0 ? [{ text: `${p.openIncidents} open` }] : [];
    lines.push({
      id: p.key,
      policy,
      header: true,
      segments: p.nobody
        ? [
            { text: `${g.caution} NOBODY ON CALL: ${clean(p.policyName)}`, tone: 'danger', bold: true },
            ...open,
          ]
        : [{ text: clean(p.policyName), bold: true }, ...open],
    });
    for (const level of p.levels) {
      lines.push({
        id: `${p.key}:L${level.level}`,
        policy,
        header: false,
        segments: [{ text: `  L${level.level}  ${level.people.map(personText).join(', ')}` }],
      });
    }
  });
  return lines;
}
