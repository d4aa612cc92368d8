/**
 * One seeded world shared by every vendor simulator: the company's teams,
 * people, services and hosts, PagerDuty schedules and escalation policies, and
 * incidents that arrive, escalate, get acknowledged and resolve as simulated
 * time passes. Same seed and start → same world, down to the ids.
 */
import { type Clock, ManualClock, MINUTE } from './clock.js';
import { Rng } from './random.js';
import * as notes from './world/annotations.js';
import { createArrivals } from './world/arrivals.js';
import { advance, type EventSource } from './world/evolve.js';
import { IdSource } from './world/ids.js';
import * as life from './world/lifecycle.js';
import { levelShiftAt, levelShifts, type Shift } from './world/oncall.js';
import { buildDirectory, type Directory } from './world/seed.js';
import { type SpawnKind, spawnIncident } from './world/spawn.js';
import { type OutageStory, tellOutageStory, tellRepageStory } from './world/stories.js';
import type {
  Agent,
  EscalationPolicy,
  Incident,
  Note,
  Priority,
  Schedule,
  Service,
  Team,
  User,
} from './world/types.js';

export {
  serviceAgent as serviceAgentOf,
  userAgent as userAgentOf,
  WorldError,
  type WorldErrorKind,
} from './world/lifecycle.js';
export type { Shift } from './world/oncall.js';
export type * from './world/types.js';

export interface WorldOptions {
  seed?: number;
  /**
   * Source of "now" for changes made without an explicit time; its now() at creation is the
   * world's start. Default: a ManualClock at 2030-03-04T09:00Z, so the world is fully reproducible.
   */
  clock?: Clock;
  /** Open incidents at the start (default: 15–25, from the seed). Large values make pagination worlds. */
  openIncidents?: number;
  /** Resolved incidents in the week before the start (default 40). */
  resolvedHistory?: number;
  /** New incidents are skipped while this many are open (default max(40, openIncidents)). */
  maxOpen?: number;
  /** Mean simulated time between new incidents (default 7 minutes). */
  meanArrivalGapMs?: number;
  /** Resolved incidents kept in memory; older ones are forgotten (default 1000). */
  keepResolved?: number;
}

export class World implements life.Core {
  readonly seed: number;
  readonly start: number;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly teams: readonly Team[];
  readonly users: readonly User[];
  readonly schedules: readonly Schedule[];
  readonly policies: readonly EscalationPolicy[];
  readonly services: readonly Service[];
  readonly priorities: readonly Priority[];
  private readonly all: Incident[] = [];
  private readonly byId = new Map<string, Incident>();
  private readonly open = new Set<Incident>();
  /** The world-wide event streams (incident arrivals; handoffs leave incidents alone). */
  private readonly sources: EventSource[];
  private readonly maxOpen: number;
  private readonly keepResolved: number;
  private nextNumber: number;
  private nextEventAt = Number.NEGATIVE_INFINITY;
  /** The latest time the world has been brought to; changes never happen before it. */
  private lastTick = Number.NEGATIVE_INFINITY;

  constructor(options: WorldOptions) {
    this.seed = options.seed ?? 42;
    this.clock = options.clock ?? new ManualClock();
    this.start = this.clock.now();
    const root = new Rng(this.seed);
    // Separate streams: changing how incidents are invented does not reshuffle everyone's ids.
    const [idRng, planRng, spawnRng] = [root.fork(), root.fork(), root.fork()];
    this.ids = new IdSource(idRng);
    const dir: Directory = buildDirectory(this.ids, this.start);
    this.teams = dir.teams;
    this.users = dir.users;
    this.schedules = dir.schedules;
    this.policies = dir.policies;
    this.services = dir.services;
    this.priorities = dir.priorities;
    const openIncidents = options.openIncidents ?? planRng.int(15, 25);
    this.maxOpen = options.maxOpen ?? Math.max(40, openIncidents);
    this.keepResolved = options.keepResolved ?? 1000;
    this.nextNumber = 1000 + planRng.int(0, 3000);
    const arrivals = createArrivals(
      planRng,
      {
        start: this.start,
        openIncidents,
        resolvedHistory: options.resolvedHistory ?? 40,
        meanGapMs: options.meanArrivalGapMs ?? 7 * MINUTE,
      },
      (kind, at) => this.spawn(spawnRng, kind, at),
    );
    // No handoff stream: at a shift change PagerDuty leaves open incidents with whoever has
    // them, so nothing in the world moves then (who is on call is computed from the layers).
    this.sources = [arrivals];
    this.tick(this.start);
    tellRepageStory(this, this.start);
    this.outage = tellOutageStory(this, this.start);
  }

  /** The scripted cross-vendor outage (world/stories.ts), for the other simulators to tell too. */
  readonly outage: OutageStory | undefined;

  // ------------------------------------------------------------------ lookups

  private find<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
    const found = list.find((o) => o.id === id);
    if (!found) throw new life.WorldError('not_found', `No ${what} with id ${id}`);
    return found;
  }
  team = (id: string): Team => this.find(this.teams, id, 'team');
  user = (id: string): User => this.find(this.users, id, 'user');
  schedule = (id: string): Schedule => this.find(this.schedules, id, 'schedule');
  policy = (id: string): EscalationPolicy => this.find(this.policies, id, 'escalation policy');
  service = (id: string): Service => this.find(this.services, id, 'service');
  priority = (id: string): Priority => this.find(this.priorities, id, 'priority');
  userName = (id: string): string => this.user(id).name;
  userByEmail = (email: string): User | undefined =>
    this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());

  /** Every incident still remembered, oldest first. Call tick() first for an up-to-date view. */
  incidents(): readonly Incident[] {
    return this.all;
  }
  incident(id: string): Incident {
    const inc = this.byId.get(id);
    if (!inc) throw new life.WorldError('not_found', `No incident with id ${id}`);
    return inc;
  }
  openIncidents(): Incident[] {
    return this.all.filter((i) => i.status !== 'resolved');
  }

  // ------------------------------------------------------------------ on-call

  /** The user on call at `level` of a policy at `t`. */
  onCall = (policyId: string, level: number, t: number): string | undefined =>
    this.shiftAt(policyId, level, t)?.userId;

  shiftAt(policyId: string, level: number, t: number): Shift | undefined {
    return levelShiftAt(this.policy(policyId), level, t, this.scheduleLookup);
  }
  shifts(policyId: string, level: number, since: number, until: number): Shift[] {
    return levelShifts(this.policy(policyId), level, since, until, this.scheduleLookup);
  }
  private readonly scheduleLookup = (id: string) => this.schedules.find((s) => s.id === id);

  // ------------------------------------------------------------------ time

  /**
   * Bring the world up to `now`: fire every due escalation, lapse, fix and
   * arrival. Cheap when nothing is due (one comparison), and idempotent.
   */
  tick(now: number = this.clock.now()): void {
    if (now > this.lastTick) this.lastTick = now;
    if (now < this.nextEventAt) return;
    this.nextEventAt = advance(this, this.open, this.sources, now);
    this.forgetOldResolved();
  }

  private spawn(rng: Rng, kind: SpawnKind, at: number): void {
    const spec = spawnIncident({
      rng,
      ids: this.ids,
      services: this.services,
      priorities: this.priorities,
      number: this.nextNumber,
      createdAt: at,
      start: this.start,
      kind,
    });
    // The draws above happen either way, so skipping keeps the rest of the stream unchanged.
    if (kind === 'natural' && this.open.size >= this.maxOpen) return;
    this.nextNumber++;
    const inc = life.triggerIncident(this, spec, at);
    this.all.push(inc);
    this.byId.set(inc.id, inc);
    this.open.add(inc);
  }

  private forgetOldResolved(): void {
    const resolved = this.all.length - this.open.size;
    if (resolved <= this.keepResolved) return;
    let drop = resolved - this.keepResolved;
    for (let i = 0; i < this.all.length && drop > 0; ) {
      const inc = this.all[i]!;
      if (inc.status === 'resolved') {
        this.all.splice(i, 1);
        this.byId.delete(inc.id);
        drop--;
      } else i++;
    }
  }

  // ------------------------------------------------------------------ changes

  /** Run a change at `now` (after catching up), then re-plan the next event. */
  private change<T>(id: string, now: number, fn: (inc: Incident, t: number) => T): T {
    this.tick(now);
    // A clock set backwards must not write history before what already happened.
    const t = Math.max(now, this.lastTick);
    const inc = this.incident(id);
    const result = fn(inc, t);
    if (inc.status === 'resolved') this.open.delete(inc);
    else this.open.add(inc);
    // The change may have moved timers; plan again (and fire anything due right now).
    this.nextEventAt = Number.NEGATIVE_INFINITY;
    this.tick(t);
    return result;
  }

  acknowledge(id: string, userId: string, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => life.acknowledge(this, inc, userId, t));
  }
  resolve(id: string, agent: Agent, resolution?: string, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => life.resolve(this, inc, agent, t, resolution));
  }
  /** Resolved → triggered again, at level 1 of its policy. */
  reopen(id: string, agent: Agent, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => {
      if (inc.status === 'resolved') life.reopen(this, inc, agent, t);
    });
  }
  /** Back to triggered at the same level and assignees (status "triggered" on an open incident). */
  retrigger(id: string, agent: Agent, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => {
      life.requireOpen(inc);
      life.unacknowledge(this, inc, t, agent, 'api');
    });
  }
  escalate(id: string, level: number, agent: Agent, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => life.escalate(this, inc, level, agent, t));
  }
  reassign(id: string, userIds: string[], agent: Agent, now = this.clock.now()): void {
    for (const u of userIds) this.user(u);
    this.change(id, now, (inc, t) => life.reassign(this, inc, userIds, agent, t));
  }
  changePolicy(id: string, policyId: string, agent: Agent, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => life.changePolicy(this, inc, policyId, agent, t));
  }
  setUrgency(id: string, urgency: 'high' | 'low', agent: Agent, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => notes.changeUrgency(this, inc, urgency, agent, t));
  }
  /** Priority id, or null to clear it. */
  setPriority(id: string, priorityId: string | null, now = this.clock.now()): void {
    if (priorityId !== null) this.priority(priorityId);
    this.change(id, now, (inc, t) => {
      inc.priorityId = priorityId;
      inc.updatedAt = t;
    });
  }
  setTitle(id: string, title: string, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => {
      inc.title = title;
      inc.updatedAt = t;
    });
  }
  addNote(id: string, userId: string, content: string, now = this.clock.now()): Note {
    return this.change(id, now, (inc, t) => notes.addNote(this, inc, userId, content, t));
  }
  snooze(id: string, seconds: number, userId: string, now = this.clock.now()): void {
    this.change(id, now, (inc, t) => notes.snooze(this, inc, seconds, userId, t));
  }
}

export function createWorld(options: WorldOptions): World {
  return new World(options);
}
