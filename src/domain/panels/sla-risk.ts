import { toMs } from '../format.js';
import { keyOfRecord, recordKey } from '../kinds.js';
import { byCodeUnits, incidentTimes, memoLast, resort } from '../memo.js';
import type { Incident, SlaClock, Slo } from '../model.js';
import type { PanelSettings, SlaTarget } from '../settings.js';
import { msToExhaustion } from '../slo.js';

/** What a row of the SLA panel is, apart from the clock. */
export interface SlaEntry {
  /** Stable row key: `source:id:clock` for derived targets, `source:sla:id` for vendor SLAs. */
  key: string;
  source: string;
  /** The ticket's human key (#4211, INC0010042) and title, for display. */
  taskKey: string;
  title: string;
  /** The ticket, when it is in the incidents stream (actions and detail need it). */
  incident?: Incident;
  /** What is measured: the vendor SLA's name, or "ack target" / "resolve target" from config. */
  name: string;
  /**
   * `ack`/`resolve`: a target from config; `sla`: a vendor SLA clock (ServiceNow task_sla);
   * `slo`: an objective's error budget, due when it runs out at the current burn rate.
   */
  clock: 'ack' | 'resolve' | 'sla' | 'slo';
  /** For `slo` rows: budget left (percent) and burn rate when read, the reason for the row's place. */
  budget?: { remaining: number; burnRate?: number };
  /** A paused clock (ticket on hold) does not count down. */
  paused: boolean;
  targetAt: number;
  /**
   * The schedule a vendor clock runs in (e.g. "8-5 weekdays"): then `percentElapsed` is the
   * vendor's business-hours share, not wall time. Undefined: wall time.
   */
  schedule?: string;
  /** Business time left before breach, for a clock with a schedule. */
  businessTimeLeftMs?: number;
  assignee?: string;
  group?: string;
}

/** An entry at one instant. */
export interface SlaRiskItem extends SlaEntry {
  /** Time left before breach; negative once breached. */
  remainingMs: number;
  /** Share of the target window used, 0–100+ (over 100 when breached). */
  percentElapsed: number;
  breached: boolean;
  atRisk: boolean;
}

/** How an entry's clock runs: everything `slaAt` needs, fixed when the data arrives. */
interface Timing {
  /** The vendor says breached, whatever the clock. */
  flagged: boolean;
  /** Time left of a paused clock, frozen where the pause began; undefined: counted from now. */
  frozenMs?: number;
  /** Elapsed share runs from here over `window` (ms); null: `fixedPercent` is the share. */
  liveFrom: number | null;
  window: number;
  fixedPercent: number;
  /** From this instant the running clock is at risk (until it breaches); +Infinity: never, -Infinity: already. */
  riskFrom: number;
}

/**
 * Each entry carries its timing in a hidden (non-enumerable) slot: no JSON, no spread, no
 * equality sees it. Not a WeakMap: hundreds of thousands of weak entries made every garbage
 * collection of a large cockpit measurably slower.
 */
const TIMING = Symbol('sla timing');
const setTiming = (e: SlaEntry, t: Timing) => Object.defineProperty(e, TIMING, { value: t });
const timingOf = (e: SlaEntry) => (e as unknown as { [TIMING]: Timing })[TIMING];

const bits = new DataView(new ArrayBuffer(8));
/** The smallest double greater than `x` (finite `x`): `now > x` is `now >= nextUp(x)`. */
export function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, x);
  const n = bits.getBigInt64(0);
  bits.setBigInt64(0, x > 0 ? n + 1n : n - 1n);
  return bits.getFloat64(0);
}

/** An entry's figures at `now`. Breached and at-risk are thresholds fixed per entry, so counts can binary-search them. */
export function slaAt(e: SlaEntry, now: number): SlaRiskItem {
  const t = timingOf(e);
  const remainingMs = e.paused ? (t.frozenMs ?? e.targetAt - now) : e.targetAt - now;
  const breached = t.flagged || (!e.paused && now >= e.targetAt);
  const live = t.liveFrom === null ? t.fixedPercent : Math.round(((now - t.liveFrom) / t.window) * 100);
  const item: SlaRiskItem = {
    ...e,
    remainingMs,
    percentElapsed: breached && e.clock === 'sla' ? Math.max(live, 100) : live,
    breached,
    atRisk: !breached && !e.paused && now >= t.riskFrom,
  };
  // An item is an entry too: it can be taken to another instant (a snapshot view drawn later).
  setTiming(item, t);
  return item;
}

export interface SlaRiskView {
  items: SlaRiskItem[];
  breached: number;
  atRisk: number;
  /** Paused clocks not breached: safe only until the ticket leaves hold. */
  paused: number;
  /** The next running clock to breach, if any. */
  next: SlaRiskItem | null;
}

/** The SLA panel at one instant as the cockpit draws it: rows stay entries; `slaAt` a visible one. */
export interface SlaLiveView extends Omit<SlaRiskView, 'items'> {
  items: readonly SlaEntry[];
  /** Every entry in an order that changes only with the data (for column widths); absent in snapshots. */
  entries?: readonly SlaEntry[];
}

function targetFor(i: Incident, settings: PanelSettings['sla']): SlaTarget {
  return (i.priority && settings.byPriority[i.priority]) || settings.byUrgency[i.urgency ?? 'high'];
}

/** A config target for a vendor without SLA objects (PagerDuty): ack while triggered, then resolve. */
function targetEntry(incident: Incident, settings: PanelSettings['sla']): SlaEntry | null {
  const opened = incidentTimes(incident).opened;
  if (opened === undefined) return null;
  const target = targetFor(incident, settings);
  const clock = incident.status === 'triggered' ? 'ack' : 'resolve';
  const windowMs = (clock === 'ack' ? target.ackMinutes : target.resolveMinutes) * 60_000;
  const targetAt = opened + windowMs;
  const item: SlaEntry = {
    key: `${keyOfRecord(incident)}:${clock}`,
    source: incident.source,
    taskKey: incident.key,
    title: incident.title,
    incident,
    name: `${clock} target`,
    clock,
    paused: false,
    targetAt,
  };
  if (incident.assignees[0]) item.assignee = incident.assignees.join(', ');
  if (incident.group) item.group = incident.group;
  setTiming(item, {
    flagged: false,
    liveFrom: windowMs > 0 ? opened : null,
    window: windowMs,
    fixedPercent: 100,
    // At risk once less than the share of the window is left: strictly after the instant the
    // share is left, which is the next double up (every instant is a double).
    riskFrom:
      windowMs * settings.atRiskShare > 0
        ? nextUp(targetAt - windowMs * settings.atRiskShare)
        : Number.POSITIVE_INFINITY,
  });
  return item;
}

/**
 * A vendor SLA clock. The vendor's `percentage` is only as fresh as its SLA job,
 * so a running clock's share is recomputed from start and planned end; a paused
 * one keeps the vendor's figure. So does a clock with a schedule: it runs only in
 * business hours, which start and end in wall time cannot tell (an 8×5 clock
 * started Friday evening has used nothing by Monday morning).
 */
function slaEntry(sla: SlaClock, incident: Incident | undefined, settings: PanelSettings['sla']): SlaEntry {
  const end = toMs(sla.plannedEndAt);
  const start = toMs(sla.startedAt);
  const paused = sla.stage === 'paused';
  // Time on hold counts neither towards the window nor towards what has elapsed of it.
  const pausedMs = sla.pausedMs ?? 0;
  const window = end !== undefined && start !== undefined ? end - start - pausedMs : 0;
  const live = !paused && !sla.schedule && window > 0;
  const fixedPercent = Math.round(sla.percentElapsed);
  const flagged = sla.breached || sla.stage === 'breached';
  // The share shown is rounded; it reads "at risk" from the instant it rounds to the threshold.
  const threshold = Math.ceil((1 - settings.atRiskShare) * 100 - 1e-9);
  const liveFrom = live ? start! + pausedMs : null;
  const riskFrom =
    paused || flagged
      ? Number.POSITIVE_INFINITY
      : liveFrom !== null
        ? liveFrom + (window * (threshold - 0.5)) / 100
        : fixedPercent >= threshold
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY;
  const item: SlaEntry = {
    key: `${sla.source}:sla:${sla.id}`,
    source: sla.source,
    taskKey: sla.taskKey,
    title: incident?.title ?? sla.taskTitle ?? '',
    name: sla.name,
    clock: 'sla',
    paused,
    targetAt: end ?? Number.POSITIVE_INFINITY,
  };
  if (incident) item.incident = incident;
  if (sla.schedule) item.schedule = sla.schedule;
  if (sla.businessTimeLeftMs !== undefined) item.businessTimeLeftMs = sla.businessTimeLeftMs;
  const assignee = sla.assignee ?? incident?.assignees.join(', ');
  if (assignee) item.assignee = assignee;
  const group = sla.group ?? incident?.group;
  if (group) item.group = group;
  // A paused clock does not run: its time left is frozen where the pause began (the vendor
  // moves the planned end out when it resumes). Without a pause start it counts from now.
  const pausedAt = paused ? toMs(sla.pausedAt) : undefined;
  const timing: Timing = { flagged, liveFrom, window, fixedPercent, riskFrom };
  if (pausedAt !== undefined) timing.frozenMs = end === undefined ? Number.POSITIVE_INFINITY : end - pausedAt;
  setTiming(item, timing);
  return item;
}

/**
 * An SLO as a clock: its "window" is the time the whole budget lasts at the current burn rate
 * (window ÷ burn), so the share elapsed is the budget used and it breaches when the budget is
 * gone. Shown only when it can breach: the budget is spent, or burning faster than it renews
 * (burn > 1), or less than the at-risk share is left. Null otherwise.
 */
export function sloEntry(slo: Slo, settings: PanelSettings['sla']): SlaEntry | null {
  const left = slo.budgetRemaining;
  const read = toMs(slo.readAt);
  if (left === undefined || read === undefined) return null;
  const burn = slo.burnRate;
  const share = settings.atRiskShare * 100;
  const spent = left <= 0;
  if (!spent && !(burn !== undefined && burn > 1) && !(left < share)) return null;
  const toGo = msToExhaustion(slo);
  const item: SlaEntry = {
    key: `${slo.source}:slo:${slo.id}`,
    source: slo.source,
    // Objectives have no ticket key: the row says SLO, its title names it.
    taskKey: 'SLO',
    title: `${slo.name} (${slo.target}% over ${slo.timeframe})`,
    name: 'error budget',
    clock: 'slo',
    paused: false,
    // A spent budget breached when read (the vendor does not say when it ran out).
    targetAt: spent ? read : read + (toGo ?? Number.POSITIVE_INFINITY),
    budget: { remaining: left, ...(burn !== undefined ? { burnRate: burn } : {}) },
  };
  if (slo.service) item.group = slo.service;
  const lasts = burn !== undefined && burn > 0 ? slo.windowMs / burn : 0;
  const burning = Number.isFinite(toGo ?? Number.NaN) && lasts > 0 && Number.isFinite(lasts);
  const liveFrom = burning ? read - ((100 - left) / 100) * lasts : null;
  setTiming(item, {
    flagged: spent,
    liveFrom,
    window: lasts,
    fixedPercent: Math.round(100 - left),
    riskFrom: spent
      ? Number.POSITIVE_INFINITY
      : burning
        ? nextUp(item.targetAt - lasts * settings.atRiskShare)
        : left < share
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY,
  });
  return item;
}

/** The entries in the segments whose order does not change with the clock. */
interface SlaData {
  /** Running clocks the vendor already calls breached, by target time. */
  flaggedRunning: SlaEntry[];
  /** Running clocks that breach at their target time, by target time. */
  running: SlaEntry[];
  /** Both, merged by target time (their breached prefix at any instant is a prefix of this). */
  merged: SlaEntry[];
  /** Paused clocks the vendor calls breached, and the other paused clocks, by time left. */
  pausedBreached: SlaEntry[];
  pausedOther: SlaEntry[];
  /** Some paused clock counts down from now (no pause start): the paused order moves with time. */
  pausedMoves: boolean;
  /** `flaggedRunning`'s target times. */
  flaggedTargets: Float64Array;
  /** `running`'s target times, and its at-risk start and breach times (ascending) for counting. */
  runningTargets: Float64Array;
  riskStarts: Float64Array;
  riskEnds: Float64Array;
  entries: SlaEntry[];
  /** The last ordering handed out, reused while no clock crosses its target. */
  last: { a: number; c: number; items: readonly SlaEntry[] } | null;
}

/** The last order of each segment: the next build starts from it. */
let lastOrder: Partial<Record<'flagged' | 'running' | 'pausedBreached' | 'pausedOther', SlaEntry[]>> = {};
const byLeftAtZero = (a: SlaEntry, b: SlaEntry) => {
  const left = (e: SlaEntry) => timingOf(e).frozenMs ?? e.targetAt;
  return left(a) - left(b) || byCodeUnits(a.key, b.key);
};

const byTarget = (a: SlaEntry, b: SlaEntry) => a.targetAt - b.targetAt || byCodeUnits(a.key, b.key);

/** Paused clocks by time left at `now`, then key. */
const pausedOrder = (list: SlaEntry[], now: number) => {
  const left = (e: SlaEntry) => timingOf(e).frozenMs ?? e.targetAt - now;
  return list.sort((a, b) => left(a) - left(b) || byCodeUnits(a.key, b.key));
};

/** How many of the ascending `xs` are ≤ `x`. */
export function countAtMost(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Entries per record object, kept while the record, its ticket and the settings are the same objects. */
const targetEntries = new WeakMap<Incident, { settings: PanelSettings['sla']; entry: SlaEntry | null }>();
const sloEntries = new WeakMap<Slo, { settings: PanelSettings['sla']; entry: SlaEntry | null }>();
const slaEntries = new WeakMap<
  SlaClock,
  { settings: PanelSettings['sla']; incident: Incident | undefined; entry: SlaEntry }
>();

function buildData(
  incidents: readonly Incident[],
  settings: PanelSettings['sla'],
  slas: readonly SlaClock[],
  slaSources: ReadonlySet<string>,
  slos: readonly Slo[],
): SlaData {
  const entries: SlaEntry[] = [];
  for (const slo of slos) {
    let known = sloEntries.get(slo);
    if (!known || known.settings !== settings) {
      known = { settings, entry: sloEntry(slo, settings) };
      sloEntries.set(slo, known);
    }
    if (known.entry) entries.push(known.entry);
  }
  const byTask = new Map<string, Incident>();
  for (const i of incidents) byTask.set(keyOfRecord(i), i);
  for (const incident of incidents) {
    if (incident.status === 'resolved' || slaSources.has(incident.source)) continue;
    // An unchanged record (same object) under the same settings keeps its entry.
    let known = targetEntries.get(incident);
    if (!known || known.settings !== settings) {
      known = { settings, entry: targetEntry(incident, settings) };
      targetEntries.set(incident, known);
    }
    if (known.entry) entries.push(known.entry);
  }
  for (const sla of slas) {
    if (sla.stage === 'achieved' || sla.stage === 'cancelled') continue;
    const incident = byTask.get(recordKey({ source: sla.source, id: sla.taskId }));
    if (incident?.status === 'resolved') continue;
    let known = slaEntries.get(sla);
    if (!known || known.settings !== settings || known.incident !== incident) {
      known = { settings, incident, entry: slaEntry(sla, incident, settings) };
      slaEntries.set(sla, known);
    }
    entries.push(known.entry);
  }
  const flaggedRunning: SlaEntry[] = [];
  const running: SlaEntry[] = [];
  const pausedBreached: SlaEntry[] = [];
  const pausedOther: SlaEntry[] = [];
  let pausedMoves = false;
  for (const e of entries) {
    const t = timingOf(e);
    if (e.paused) {
      (t.flagged ? pausedBreached : pausedOther).push(e);
      if (t.frozenMs === undefined) pausedMoves = true;
    } else (t.flagged ? flaggedRunning : running).push(e);
  }
  // Each segment starts from its last order: after a small change the sorts are near linear.
  const flaggedSorted = resort(flaggedRunning, lastOrder.flagged, byTarget);
  const runningSorted = resort(running, lastOrder.running, byTarget);
  const pausedBreachedSorted = resort(pausedBreached, lastOrder.pausedBreached, byLeftAtZero);
  const pausedOtherSorted = resort(pausedOther, lastOrder.pausedOther, byLeftAtZero);
  lastOrder = {
    flagged: flaggedSorted,
    running: runningSorted,
    pausedBreached: pausedBreachedSorted,
    pausedOther: pausedOtherSorted,
  };
  const merged: SlaEntry[] = [];
  for (let i = 0, j = 0; i < flaggedSorted.length || j < runningSorted.length; ) {
    const a = flaggedSorted[i];
    const b = runningSorted[j];
    if (b === undefined || (a !== undefined && byTarget(a, b) <= 0)) {
      merged.push(a!);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  // A running clock is at risk from `riskFrom` until it breaches at its target: counting those
  // is two binary searches (started minus ended). One whose risk would start after its target
  // never shows at risk.
  const risky = runningSorted.filter((e) => timingOf(e).riskFrom < e.targetAt);
  return {
    flaggedRunning: flaggedSorted,
    running: runningSorted,
    merged,
    pausedBreached: pausedBreachedSorted,
    pausedOther: pausedOtherSorted,
    pausedMoves,
    flaggedTargets: Float64Array.from(flaggedSorted, (e) => e.targetAt),
    runningTargets: Float64Array.from(runningSorted, (e) => e.targetAt),
    riskStarts: Float64Array.from(risky, (e) => timingOf(e).riskFrom).sort(),
    riskEnds: Float64Array.from(risky, (e) => e.targetAt).sort(),
    entries,
    last: null,
  };
}

const slaData = memoLast(buildData);
const NO_SLOS: readonly Slo[] = [];

/**
 * Everything that can breach at `now`, most urgent first: breached, then running clocks by
 * time left, paused clocks last. Work is O(log n) per instant: the order is a concatenation of
 * segments sorted once per data change, cut where the clock stands; the counts are binary searches.
 */
export function slaLiveView(
  incidents: readonly Incident[],
  now: number,
  settings: PanelSettings['sla'],
  slas: readonly SlaClock[] = [],
  slaSources: ReadonlySet<string> = new Set(),
  slos: readonly Slo[] = NO_SLOS,
): SlaLiveView {
  const d = slaData(incidents, settings, slas, slaSources, slos);
  // Running clocks whose target has passed: a prefix of each sorted segment.
  const a = countAtMost(d.flaggedTargets, now);
  const c = countAtMost(d.runningTargets, now);
  let items: readonly SlaEntry[];
  if (!d.pausedMoves && d.last && d.last.a === a && d.last.c === c) items = d.last.items;
  else {
    if (d.pausedMoves) {
      pausedOrder(d.pausedBreached, now);
      pausedOrder(d.pausedOther, now);
    }
    items = [
      ...d.merged.slice(0, a + c),
      ...d.flaggedRunning.slice(a),
      ...d.pausedBreached,
      ...d.running.slice(c),
      ...d.pausedOther,
    ];
    d.last = { a, c, items };
  }
  const nextEntry = d.running[c];
  return {
    items,
    entries: d.entries,
    breached: d.flaggedRunning.length + d.pausedBreached.length + c,
    atRisk: countAtMost(d.riskStarts, now) - countAtMost(d.riskEnds, now),
    paused: d.pausedOther.length,
    next: nextEntry ? slaAt(nextEntry, now) : null,
  };
}

/** Everything that can breach at `now`, every item with its figures (snapshot, tests). */
export function deriveSlaRisk(
  incidents: readonly Incident[],
  now: number,
  settings: PanelSettings['sla'],
  slas: readonly SlaClock[] = [],
  slaSources: ReadonlySet<string> = new Set(),
  slos: readonly Slo[] = NO_SLOS,
): SlaRiskView {
  const { entries: _all, ...view } = slaLiveView(incidents, now, settings, slas, slaSources, slos);
  return { ...view, items: view.items.map((e) => slaAt(e, now)) };
}
