/**
 * How the cockpit shows each record kind where no panel decides it: the one line that names a
 * record in dialogs, messages and the progress line, and its state in words (what a repeat
 * warning says it looked like when last read). A complete map over the kinds of
 * `domain/kinds.ts`: a new kind does not compile until it says how it is shown.
 */
import { RECORD_KINDS, type RecordKindId, type RecordOfKind } from '../../domain/kinds.js';
import type { DomainRecord, Host, Incident, Monitor, Slo } from '../../domain/model.js';
import { clean, truncate } from '../text/fit.js';

export interface KindView<R> {
  /** "#4211 API p99 latency…": its key and, cut to `titleWidth`, its title. */
  line(record: R, titleWidth: number): string;
  /** Its state as last read, in words. */
  state(record: R): string;
}

/** "acknowledged, at level 2 of Checkout EP, assigned to Bob Builder": an incident as last read. */
export function incidentState(incident: Incident): string {
  const parts: string[] = [clean(incident.vendorStatus || incident.status)];
  if (incident.status !== 'resolved' && incident.escalationLevel !== undefined) {
    const of = incident.escalationPolicy ? ` of ${clean(incident.escalationPolicy)}` : '';
    parts.push(`at level ${incident.escalationLevel}${of}`);
  }
  if (incident.holdReason) parts.push(`on hold: ${clean(incident.holdReason)}`);
  parts.push(
    incident.assignees.length > 0
      ? `assigned to ${incident.assignees.map((a) => clean(a)).join(', ')}`
      : 'assigned to nobody',
  );
  return parts.join(', ');
}

/** "contained, last seen 2026-11-20T08:15:02Z": a host as last read. */
export function hostState(host: Host): string {
  const parts: string[] = [containmentWords(host.containment)];
  if (host.reducedFunctionality) parts.push('reduced functionality');
  parts.push(host.lastSeen ? `last seen ${clean(host.lastSeen)}` : 'never seen');
  return parts.join(', ');
}

/** A containment state in words; the pending ones say what they wait for. */
export function containmentWords(state: Host['containment']): string {
  switch (state) {
    case 'normal':
      return 'not contained';
    case 'contained':
      return 'contained';
    case 'containment_pending':
      return 'containment pending';
    case 'lift_containment_pending':
      return 'lift of containment pending';
  }
}

const MONITOR_WORDS: Record<Monitor['state'], string> = {
  alert: 'alerting',
  warn: 'warning',
  no_data: 'no data',
  ok: 'OK',
  unknown: 'state unknown',
};

/** "alerting on db-07, db-08, muted until 2030-03-04T12:00:00Z": a monitor as last read. */
export function monitorState(m: Monitor): string {
  const parts: string[] = [MONITOR_WORDS[m.state]];
  const firing = m.groups.filter((g) => g.state === 'alert' || g.state === 'warn' || g.state === 'no_data');
  if (firing.length > 0) parts.push(`on ${firing.map((g) => clean(g.host ?? g.name)).join(', ')}`);
  if (m.muted) {
    const until = m.mutes.find((x) => !x.group)?.until;
    parts.push(until ? `muted until ${clean(until)}` : 'muted');
  } else if (m.mutes.length > 0)
    parts.push(`${m.mutes.length} group${m.mutes.length === 1 ? '' : 's'} muted`);
  return parts.join(', ');
}

/** "42.0% budget left, burning 3.1×": an SLO as last read. */
export function sloState(s: Slo): string {
  const parts: string[] = [];
  parts.push(
    s.budgetRemaining === undefined ? 'budget unknown' : `${s.budgetRemaining.toFixed(1)}% budget left`,
  );
  if (s.burnRate !== undefined) parts.push(`burning ${s.burnRate.toFixed(1)}×`);
  return parts.join(', ');
}

/** Key plus title, for any kind that has both (the kind registry says what each is). */
function keyAndTitle<K extends RecordKindId>(kind: K): KindView<RecordOfKind<K>>['line'] {
  return (record, width) => {
    const spec = RECORD_KINDS[kind] as unknown as {
      keyOf(r: RecordOfKind<K>): string;
      titleOf(r: RecordOfKind<K>): string | undefined;
    };
    const title = spec.titleOf(record);
    const key = clean(spec.keyOf(record));
    return title ? `${key} ${truncate(clean(title), width)}` : key;
  };
}

export const KIND_VIEWS: { readonly [K in RecordKindId]: KindView<RecordOfKind<K>> } = {
  incident: { line: keyAndTitle('incident'), state: incidentState },
  sla: {
    line: keyAndTitle('sla'),
    state: (r) => `${clean(r.vendorStage)}, ${r.percentElapsed}% elapsed${r.breached ? ', breached' : ''}`,
  },
  oncall: {
    line: keyAndTitle('oncall'),
    state: (r) => `on call at level ${r.level} of ${clean(r.policyName)}`,
  },
  escalation_policy: { line: keyAndTitle('escalation_policy'), state: (r) => `${r.levels.length} levels` },
  service: { line: keyAndTitle('service'), state: (r) => clean(r.status) },
  host: { line: keyAndTitle('host'), state: hostState },
  monitor: { line: keyAndTitle('monitor'), state: monitorState },
  slo: { line: keyAndTitle('slo'), state: sloState },
};

function viewOf(record: DomainRecord): KindView<DomainRecord> {
  return KIND_VIEWS[record.kind] as unknown as KindView<DomainRecord>;
}

/** A record in one line for dialogs and messages. */
export function recordLine(record: DomainRecord, titleWidth = 40): string {
  return viewOf(record).line(record, titleWidth);
}

/** A record's state as last read, in words. */
export function recordStateWords(record: DomainRecord): string {
  return viewOf(record).state(record);
}
