/**
 * Datadog JSON → the cockpit's records (pure): monitors with their groups and silences, SLOs
 * with budget and burn, v2 incidents as incidents. Host and service names and the monitor id
 * are plain fields so records of one outage can be joined across vendors.
 */
import type {
  Incident,
  Monitor,
  MonitorGroup,
  MonitorMute,
  MonitorState,
  Priority,
  Slo,
} from 'itops-tui/plugin';
import type { DdDowntime, DdIncident, DdMonitor, DdSlo } from './schema.js';

const STATES: Record<string, MonitorState> = {
  alert: 'alert',
  warn: 'warn',
  'no data': 'no_data',
  ok: 'ok',
  // Not evaluated on purpose (a muted composite's child, a disabled check): nothing to act on.
  skipped: 'ok',
  ignored: 'ok',
};

/** A Datadog state word (`Alert`, `No Data`, anything new) → the cockpit's. */
export function monitorStateOf(word: string | null | undefined): MonitorState {
  return STATES[(word ?? '').trim().toLowerCase()] ?? 'unknown';
}

const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

function priorityOf(n: number | null | undefined): Priority | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5 ? PRIORITIES[n - 1] : undefined;
}

const secondsIso = (s: number | null | undefined) =>
  typeof s === 'number' && Number.isFinite(s) && s > 0 ? new Date(s * 1000).toISOString() : undefined;

function isoOf(v: string | null | undefined): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The value of a `key:value` tag or group part (`host:db-07` → `db-07`). */
export function tagValue(tags: readonly string[], key: string): string | undefined {
  const prefix = `${key}:`;
  for (const t of tags) {
    for (const part of t.split(',')) {
      const p = part.trim();
      if (p.toLowerCase().startsWith(prefix) && p.length > prefix.length) return p.slice(prefix.length);
    }
  }
  return undefined;
}

/** A downtime in force as a mute: which group (none for `*`), until when. */
export function muteOf(d: DdDowntime): { monitorId?: number; mute: MonitorMute } {
  const a = d.attributes;
  const scope = a?.scope?.trim() ?? '*';
  const until = isoOf(a?.schedule?.end);
  const monitorId = a?.monitor_identifier?.monitor_id ?? undefined;
  return {
    ...(typeof monitorId === 'number' ? { monitorId } : {}),
    mute: {
      id: d.id,
      ...(scope !== '*' && scope !== '' ? { group: scope } : {}),
      ...(until ? { until } : {}),
      ...(a?.message ? { message: a.message } : {}),
    },
  };
}

export interface MonitorContext {
  source: string;
  appUrl: string;
  /** Silences in force by monitor id. */
  mutes: ReadonlyMap<number, readonly MonitorMute[]>;
}

export function mapMonitor(m: DdMonitor, c: MonitorContext): Monitor {
  const tags = (m.tags ?? []).filter((t): t is string => typeof t === 'string');
  const mutes = [...(c.mutes.get(m.id) ?? [])];
  const whole = mutes.some((x) => x.group === undefined);
  const groups: MonitorGroup[] = [];
  for (const [key, g] of Object.entries(m.state?.groups ?? {})) {
    const name = g?.name?.trim() || key;
    const host = tagValue([name], 'host');
    const triggeredAt = secondsIso(g?.last_triggered_ts);
    groups.push({
      name,
      state: monitorStateOf(g?.status),
      vendorState: g?.status ?? '',
      ...(host ? { host } : {}),
      ...(triggeredAt ? { triggeredAt } : {}),
      muted: whole || mutes.some((x) => x.group === name),
    });
  }
  const rank: Record<MonitorState, number> = { alert: 0, no_data: 1, warn: 2, unknown: 3, ok: 4 };
  groups.sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
  const hosts = [...new Set(groups.flatMap((g) => (g.host ? [g.host] : [])))];
  const triggered = groups
    .filter((g) => g.state === 'alert' && g.triggeredAt)
    .map((g) => g.triggeredAt!)
    .sort()[0];
  const priority = priorityOf(m.priority);
  const service = tagValue(tags, 'service');
  const id = String(m.id);
  return {
    kind: 'monitor',
    source: c.source,
    id,
    monitorId: id,
    name: m.name?.trim() || `monitor ${id}`,
    state: monitorStateOf(m.overall_state),
    vendorState: m.overall_state ?? '',
    ...(priority ? { priority } : {}),
    type: m.type ?? '',
    ...(service ? { service } : {}),
    hosts,
    tags,
    groups,
    muted: whole,
    mutes,
    ...(triggered ? { triggeredAt: triggered } : {}),
    ...(m.query ? { query: m.query } : {}),
    url: `${c.appUrl}/monitors/${encodeURIComponent(id)}`,
    // What a paging incident its alert opened quotes (see the PagerDuty connector's map).
    about: { ids: [`datadog:monitor:${id}`] },
  };
}

export interface SloFigures {
  sli?: number;
  budgetRemaining?: number;
  burnRate?: number;
}

/** The SLO's main threshold: the one of its own timeframe, else the first. */
export function thresholdOf(s: DdSlo): { timeframe: string; target?: number; warning?: number } {
  const list = s.thresholds ?? [];
  const own = list.find((t) => t.timeframe && t.timeframe === s.timeframe) ?? list[0];
  const timeframe = s.timeframe || own?.timeframe || '30d';
  const target = s.target_threshold ?? own?.target ?? undefined;
  const warning = s.warning_threshold ?? own?.warning ?? undefined;
  return {
    timeframe,
    ...(typeof target === 'number' ? { target } : {}),
    ...(typeof warning === 'number' ? { warning } : {}),
  };
}

export function mapSlo(
  s: DdSlo,
  t: { timeframe: string; target: number; warning?: number; windowMs: number },
  f: SloFigures,
  c: { source: string; appUrl: string; readAt: number; burnWindowMs: number },
): Slo {
  const tags = (s.tags ?? []).filter((x): x is string => typeof x === 'string');
  const service = tagValue(tags, 'service');
  return {
    kind: 'slo',
    source: c.source,
    id: s.id,
    name: s.name?.trim() || `SLO ${s.id}`,
    type: s.type ?? '',
    timeframe: t.timeframe,
    windowMs: t.windowMs,
    target: t.target,
    ...(t.warning !== undefined ? { warning: t.warning } : {}),
    ...(f.sli !== undefined ? { sli: f.sli } : {}),
    ...(f.budgetRemaining !== undefined ? { budgetRemaining: f.budgetRemaining } : {}),
    ...(f.burnRate !== undefined ? { burnRate: f.burnRate, burnWindowMs: c.burnWindowMs } : {}),
    readAt: new Date(c.readAt).toISOString(),
    ...(service ? { service } : {}),
    tags,
    monitorIds: (s.monitor_ids ?? []).map(String),
    url: `${c.appUrl}/slo?slo_id=${encodeURIComponent(s.id)}`,
  };
}

const SEVERITY: Record<string, Priority> = {
  'SEV-0': 'P1',
  'SEV-1': 'P1',
  'SEV-2': 'P2',
  'SEV-3': 'P3',
  'SEV-4': 'P4',
  'SEV-5': 'P5',
};

/** A field's single value (dropdown/textbox) or its first (multi-value types). */
function fieldValue(i: DdIncident, name: string): string | undefined {
  const v = i.attributes?.fields?.[name]?.value;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

export function mapIncident(i: DdIncident, c: { source: string; appUrl: string }): Incident | undefined {
  const a = i.attributes;
  const opened = isoOf(a?.detected) ?? isoOf(a?.created);
  if (!a || !opened) return undefined;
  const state = (fieldValue(i, 'state') ?? a.state ?? '').trim().toLowerCase();
  const status =
    state === 'resolved' || state === 'completed'
      ? 'resolved'
      : state === 'stable'
        ? 'acknowledged'
        : 'triggered';
  const severity = (fieldValue(i, 'severity') ?? a.severity ?? '').trim().toUpperCase();
  const priority = SEVERITY[severity];
  const service = fieldValue(i, 'services');
  const resolvedAt = isoOf(a.resolved);
  const updatedAt = isoOf(a.modified);
  const key = typeof a.public_id === 'number' ? `IR-${a.public_id}` : i.id.slice(0, 8);
  return {
    kind: 'incident',
    source: c.source,
    id: i.id,
    key,
    title: a.title?.trim() || key,
    status,
    vendorStatus: state || 'unknown',
    ...(priority ? { priority, priorityLabel: severity } : {}),
    ...(service ? { service } : {}),
    assignees: [],
    openedAt: opened,
    ...(status === 'resolved' && resolvedAt ? { resolvedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    url: `${c.appUrl}/incidents/${encodeURIComponent(String(a.public_id ?? i.id))}`,
  };
}
