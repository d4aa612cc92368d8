/**
 * ServiceNow state attached to the shared World: the directory (seed.ts),
 * incidents on the world's services and hosts, their task_sla rows and work
 * notes, and a simulated service desk that opens, works, holds, resolves and
 * closes incidents as the world clock advances. Deterministic for a seed.
 */
import { DAY, HOUR, MINUTE } from '../clock.js';
import { Rng } from '../random.js';
import type { World } from '../world.js';
import { attachSlas, newIncident, openOutageTicket, pickAssignee, setState, touch } from './incidents.js';
import type { ScriptStep, SnIncident, SnJournal, SnSlaDef, SnTaskSla, SnUser } from './model.js';
import type { SnSchedule } from './schedule.js';
import { buildSnDirectory, type Credentials, type SnDirectory } from './seed.js';

export interface ServiceNowDataOptions {
  /** Open incidents at the start (default 20–30 from the seed); 20_000 makes a scale world. */
  incidents?: number;
  /** Resolved/closed incidents from the week before the start (default 30). */
  resolvedHistory?: number;
  /** 2 = response + resolution SLA per incident (default), 1 = resolution only. */
  slasPerIncident?: 1 | 2;
  /** New incidents are skipped while this many are open (default max(60, incidents)). */
  maxOpen?: number;
  /** Mean simulated time between new incidents (default 20 minutes). */
  meanArrivalGapMs?: number;
  credentials?: Partial<Credentials>;
  /** SLA definitions of these priorities run in business hours (default [3, 4, 5]; [] = none). */
  scheduledPriorities?: readonly number[];
  /** Groups sharing a name with another (default: one inactive "Service Desk"). */
  duplicateGroups?: readonly { name: string; active: boolean }[];
}

interface Due {
  at: number;
  seq: number;
  incId: string | null;
  step: ScriptStep | 'arrival';
  version: number;
}

const HOLD_REASONS = ['1', '3', '4', '5'];
const CLOSE_CODES = ['Solution provided', 'Workaround provided', 'Resolved by change', 'Known error'];
const AUTO_CLOSE = 3 * DAY;

export class ServiceNowData {
  readonly start: number;
  readonly dir: SnDirectory;
  readonly users: SnUser[];
  readonly incidents: SnIncident[] = [];
  readonly slas: SnTaskSla[] = [];
  readonly journal: SnJournal[] = [];
  readonly slasPerIncident: number;
  private readonly incidentById = new Map<string, SnIncident>();
  private readonly slaById = new Map<string, SnTaskSla>();
  private readonly slasByTask = new Map<string, SnTaskSla[]>();
  private readonly userById: Map<string, SnUser>;
  private readonly defById: Map<string, SnSlaDef>;
  /** Min-heap of scripted steps and arrivals. */
  private readonly due: Due[] = [];
  private seq = 0;
  private number = 10001;
  /** Bumped by every change, so HTTP paging can reuse a filtered, sorted result while nothing moved. */
  revision = 0;
  private lastTick: number;
  /** Draws for people's decisions; ids come from `idRng` so changing a script keeps ids. */
  readonly rng: Rng;
  readonly idRng: Rng;
  private readonly maxOpen: number;
  private readonly meanGap: number;

  constructor(
    readonly world: World,
    options: ServiceNowDataOptions = {},
  ) {
    this.start = world.start;
    this.lastTick = world.start;
    // A stream of its own, so the PagerDuty side of the world is unchanged by ServiceNow.
    const root = new Rng((world.seed * 2654435761 + 0x5e) >>> 0);
    const [dirRng, planRng, idRng] = [root.fork(), root.fork(), root.fork()];
    this.rng = planRng;
    this.idRng = idRng;
    this.dir = buildSnDirectory(
      world,
      dirRng,
      {
        username: 'itops.integration',
        password: 'sn-sim-password',
        readOnlyUsername: 'itops.readonly',
        readOnlyPassword: 'sn-sim-readonly',
        ...options.credentials,
      },
      {
        ...(options.scheduledPriorities ? { scheduledPriorities: options.scheduledPriorities } : {}),
        ...(options.duplicateGroups ? { duplicateGroups: options.duplicateGroups } : {}),
      },
    );
    this.users = this.dir.users;
    this.userById = new Map(this.users.map((u) => [u.sys_id, u]));
    this.defById = new Map(this.dir.slaDefs.map((s) => [s.sys_id, s]));
    this.slasPerIncident = options.slasPerIncident ?? 2;
    const open = options.incidents ?? planRng.int(20, 30);
    this.maxOpen = options.maxOpen ?? Math.max(60, open);
    this.meanGap = options.meanArrivalGapMs ?? 20 * MINUTE;
    this.seedHistory(open, options.resolvedHistory ?? 30);
    // Its own stream, so the story leaves every other ticket's ids as they were.
    openOutageTicket(this, root.fork());
    this.schedule(null, 'arrival', this.start + this.gap(), 0);
  }

  // ------------------------------------------------------------------ lookups

  user = (id: string) => this.userById.get(id);
  incident = (id: string) => this.incidentById.get(id);
  sla = (id: string) => this.slaById.get(id);
  slaDef = (id: string): SnSlaDef => this.defById.get(id)!;
  /** The business schedule an SLA definition runs in, if any. */
  scheduleOf = (def: SnSlaDef): SnSchedule | undefined =>
    def.scheduleId === null ? undefined : this.dir.schedules.find((s) => s.sys_id === def.scheduleId);
  slasOf = (taskId: string): readonly SnTaskSla[] => this.slasByTask.get(taskId) ?? [];
  userByName = (userName: string) => this.users.find((u) => u.user_name === userName);
  membersOf = (groupId: string): SnUser[] =>
    this.dir.members.filter((m) => m.groupId === groupId).map((m) => this.userById.get(m.userId)!);
  takeNumber = () => this.number++;
  openCount = () => this.incidents.filter((i) => i.state < 6).length;

  addIncident(inc: SnIncident): void {
    this.revision++;
    this.incidents.push(inc);
    this.incidentById.set(inc.sys_id, inc);
  }
  addSla(s: SnTaskSla): void {
    this.revision++;
    this.slas.push(s);
    this.slaById.set(s.sys_id, s);
    const list = this.slasByTask.get(s.taskId);
    if (list) list.push(s);
    else this.slasByTask.set(s.taskId, [s]);
  }

  // ------------------------------------------------------------------ time

  /** Bring the desk up to `now`: every due step and arrival, in time order. Idempotent. */
  tick(now: number): void {
    while (this.due.length > 0 && this.due[0]!.at <= now) {
      const d = this.pop();
      this.revision++;
      this.lastTick = Math.max(this.lastTick, d.at);
      if (d.step === 'arrival') this.arrive(d.at);
      else {
        const inc = this.incidentById.get(d.incId!);
        if (inc && inc.version === d.version) this.runStep(inc, d.step, d.at);
      }
    }
    this.lastTick = Math.max(this.lastTick, now);
  }

  /** The time a change made "now" is recorded at: never before what already happened. */
  at(now: number): number {
    this.tick(now);
    return Math.max(now, this.lastTick);
  }

  /**
   * Someone else (a person in the UI, another integration) updates an incident at `t`: `change`
   * edits it, its sys_updated_on moves to `t` and list answers see it at once.
   */
  updateIncident(inc: SnIncident, t: number, change: (inc: SnIncident) => void = () => {}): void {
    change(inc);
    this.revision++;
    touch(inc, Math.max(t, inc.updatedAt), 'beth.agent');
  }

  /** An API client changed the incident: the scripted desk leaves it alone from now on. */
  takeOver(inc: SnIncident): void {
    this.revision++;
    inc.version++;
    inc.scripted = false;
  }

  private gap(): number {
    return Math.max(MINUTE, Math.round(-Math.log(1 - this.rng.float()) * this.meanGap));
  }

  private arrive(at: number): void {
    // Draw either way, so whether the desk is full does not shift later arrivals.
    const inc = newIncident(this, this.idRng, at);
    const respondIn = this.rng.int(2, 40) * MINUTE;
    if (this.openCount() < this.maxOpen) {
      this.addIncident(inc);
      attachSlas(this, this.idRng, inc, at, at);
      if (this.rng.chance(0.85)) this.schedule(inc, 'respond', at + respondIn);
    } else this.number--; // a skipped arrival gives its number back: numbers stay gapless
    this.schedule(null, 'arrival', at + this.gap(), 0);
  }

  private runStep(inc: SnIncident, step: ScriptStep, t: number): void {
    const rng = this.rng;
    const worker = inc.assignedToId || this.dir.integration.sys_id;
    switch (step) {
      case 'respond':
        if (!inc.assignedToId) inc.assignedToId = pickAssignee(this, rng, inc);
        setState(this, this.idRng, inc, 2, t, worker);
        if (rng.chance(0.25)) this.schedule(inc, 'hold', t + rng.int(10, 60) * MINUTE);
        else if (rng.chance(0.85)) this.schedule(inc, 'resolve', t + rng.int(20, 600) * MINUTE);
        break;
      case 'hold':
        setState(this, this.idRng, inc, 3, t, worker);
        inc.hold_reason = rng.pick(HOLD_REASONS);
        this.schedule(inc, 'resume', t + rng.int(30, 360) * MINUTE);
        break;
      case 'resume':
        setState(this, this.idRng, inc, 2, t, worker);
        this.schedule(inc, 'resolve', t + rng.int(20, 240) * MINUTE);
        break;
      case 'resolve':
        inc.close_code = rng.pick(CLOSE_CODES);
        inc.close_notes = `Fixed on ${this.dir.cis.find((c) => c.sys_id === inc.cmdbCiId)?.name ?? 'the CI'}`;
        setState(this, this.idRng, inc, 6, t, worker);
        this.schedule(inc, 'close', t + AUTO_CLOSE);
        break;
      case 'close':
        if (inc.state === 6) setState(this, this.idRng, inc, 7, t, worker);
        break;
    }
    touch(inc, t, this.user(worker)?.user_name ?? 'system');
  }

  schedule(inc: SnIncident | null, step: Due['step'], at: number, version = inc?.version ?? 0): void {
    const h = this.due;
    h.push({ at, seq: this.seq++, incId: inc?.sys_id ?? null, step, version });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Due {
    const h = this.due;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  // ------------------------------------------------------------------ history

  /** Incidents that exist at the start: open ones in every state, and a week of resolved ones. */
  private seedHistory(open: number, resolved: number): void {
    const rng = this.rng;
    const plans = [
      ...Array.from({ length: open }, () => ({ open: true, at: this.start - rng.int(5, 48 * 60) * MINUTE })),
      ...Array.from({ length: resolved }, () => ({
        open: false,
        at: this.start - rng.int(8, 7 * 24) * HOUR,
      })),
    ].sort((a, b) => a.at - b.at);
    for (const plan of plans) {
      const inc = newIncident(this, this.idRng, plan.at);
      this.addIncident(inc);
      attachSlas(this, this.idRng, inc, plan.at, plan.at);
      const age = this.start - plan.at;
      const roll = rng.float();
      if (plan.open && roll < 0.2) {
        if (rng.chance(0.8)) this.schedule(inc, 'respond', this.start + rng.int(1, 30) * MINUTE);
        continue;
      }
      const respondedAt = plan.at + Math.floor(rng.float() * age * 0.4);
      inc.assignedToId = pickAssignee(this, rng, inc);
      setState(this, this.idRng, inc, 2, respondedAt, inc.assignedToId);
      let last = respondedAt;
      if (plan.open && roll < 0.45) {
        last = respondedAt + Math.floor(rng.float() * (this.start - respondedAt));
        setState(this, this.idRng, inc, 3, last, inc.assignedToId);
        inc.hold_reason = rng.pick(HOLD_REASONS);
        this.schedule(inc, 'resume', this.start + rng.int(30, 360) * MINUTE);
      } else if (plan.open) {
        if (rng.chance(0.85)) this.schedule(inc, 'resolve', this.start + rng.int(20, 480) * MINUTE);
      } else {
        last = Math.min(this.start - MINUTE, respondedAt + rng.int(20, 24 * 60) * MINUTE);
        inc.close_code = rng.pick(CLOSE_CODES);
        inc.close_notes = 'Service restored';
        setState(this, this.idRng, inc, 6, last, inc.assignedToId);
        if (last + AUTO_CLOSE <= this.start) {
          last += AUTO_CLOSE;
          setState(this, this.idRng, inc, 7, last, inc.assignedToId);
        } else this.schedule(inc, 'close', last + AUTO_CLOSE);
      }
      touch(inc, last, this.user(inc.assignedToId)?.user_name ?? 'system');
    }
  }
}

const before = (a: Due, b: Due) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

const attached = new WeakMap<World, ServiceNowData>();

/** Build the ServiceNow side of `world` and attach it (replacing an earlier one). */
export function createServiceNowData(world: World, options: ServiceNowDataOptions = {}): ServiceNowData {
  const data = new ServiceNowData(world, options);
  attached.set(world, data);
  return data;
}

/** The ServiceNow data attached to `world`, created with defaults on first use. */
export function serviceNowOf(world: World): ServiceNowData {
  return attached.get(world) ?? createServiceNowData(world);
}
