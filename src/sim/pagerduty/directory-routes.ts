/**
 * Reading everything around incidents: on-calls, schedules, escalation
 * policies, services, users, priorities and abilities.
 */
import { DAY, iso } from '../clock.js';
import type { Shift } from '../world.js';
import type { Route, RouteContext } from './context.js';
import { invalidInput, notFound } from './errors.js';
import { flag, many, page, QueryError, time } from './query.js';
import * as render from './render.js';

const MAX_ONCALL_WINDOW = 90 * DAY;

/** Case-insensitive `query=` match on a name (and email for users). */
const matches = (q: URLSearchParams, ...texts: string[]) => {
  const needle = q.get('query')?.toLowerCase();
  return !needle || texts.some((t) => t.toLowerCase().includes(needle));
};

function byName<T extends { name: string }>(q: URLSearchParams, items: readonly T[]): T[] {
  const dir = q.get('sort_by') ?? 'name';
  if (!['name', 'name:asc', 'name:desc'].includes(dir)) {
    throw new QueryError(invalidInput('sort_by must be name, name:asc or name:desc'));
  }
  const sign = dir === 'name:desc' ? -1 : 1;
  return [...items].sort((a, b) => sign * a.name.localeCompare(b.name));
}

interface OnCallRow extends Shift {
  policyId: string;
  level: number;
}

export const listOnCalls: Route = (c, req) => {
  const q = req.query;
  const since = time(q, 'since') ?? c.now;
  const until = time(q, 'until') ?? since;
  if (until < since) throw new QueryError(invalidInput('until must not be before since'));
  if (until - since > MAX_ONCALL_WINDOW)
    throw new QueryError(invalidInput('The since/until range may not exceed 90 days'));
  const policyIds = many(q, 'escalation_policy_ids');
  const scheduleIds = many(q, 'schedule_ids');
  const userIds = many(q, 'user_ids');
  let rows: OnCallRow[] = [];
  for (const p of c.world.policies) {
    if (policyIds.length > 0 && !policyIds.includes(p.id)) continue;
    p.rules.forEach((_, i) => {
      for (const s of c.world.shifts(p.id, i + 1, since, until))
        rows.push({ ...s, policyId: p.id, level: i + 1 });
    });
  }
  rows = rows.filter(
    (r) =>
      (scheduleIds.length === 0 || (r.scheduleId !== null && scheduleIds.includes(r.scheduleId))) &&
      (userIds.length === 0 || userIds.includes(r.userId)),
  );
  if (flag(q, 'earliest')) {
    // One row per policy·level·user: the first of that user's shifts in the window.
    const seen = new Set<string>();
    rows = rows.filter((r) => {
      const key = `${r.policyId}/${r.level}/${r.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const expandUsers = many(q, 'include').includes('users');
  return page(q, 'oncalls', rows, (r) => oncall(c, r, expandUsers));
};

function oncall(c: RouteContext, r: OnCallRow, expandUser: boolean) {
  const user = c.world.user(r.userId);
  return {
    escalation_policy: render.policyRef(c, r.policyId),
    escalation_level: r.level,
    // With include[]=users PagerDuty sends the whole user; the spec types this field as a
    // user_reference, so the expanded user keeps that type and adds name, email and the rest.
    user: expandUser ? { ...render.user(c, user), type: 'user_reference' } : render.userRef(c, user.id),
    ...(r.scheduleId !== null ? { schedule: render.scheduleRef(c, r.scheduleId) } : {}),
    // A direct user target is on call permanently: PagerDuty's null start/end, left out (see render.ts).
    ...(r.start !== null ? { start: iso(r.start) } : {}),
    ...(r.end !== null ? { end: iso(r.end) } : {}),
  };
}

/** since/until render a schedule's entries; without either, none are rendered. */
function scheduleWindow(c: RouteContext, q: URLSearchParams) {
  const since = time(q, 'since');
  const until = time(q, 'until');
  if (since === undefined && until === undefined) return undefined;
  const s = since ?? c.now;
  const u = until ?? s + 14 * DAY;
  if (u <= s) throw new QueryError(invalidInput('until must be after since'));
  if (u - s > MAX_ONCALL_WINDOW)
    throw new QueryError(invalidInput('The since/until range may not exceed 90 days'));
  return { since: s, until: u };
}

export const listSchedules: Route = (c, req) => {
  const q = req.query;
  const teams = many(q, 'team_ids');
  const win = scheduleWindow(c, q);
  const items = c.world.schedules
    .filter((s) => matches(q, s.name) && (teams.length === 0 || teams.includes(s.teamId)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return page(q, 'schedules', items, (s) => render.schedule(c, s, win));
};

export const getSchedule: Route = (c, req, [id]) => {
  const s = c.world.schedules.find((x) => x.id === id);
  if (!s) return notFound();
  return { status: 200, json: { schedule: render.schedule(c, s, scheduleWindow(c, req.query)) } };
};

export const listPolicies: Route = (c, req) => {
  const q = req.query;
  const teams = many(q, 'team_ids');
  const users = many(q, 'user_ids');
  const items = c.world.policies.filter(
    (p) =>
      matches(q, p.name) &&
      (teams.length === 0 || teams.includes(p.teamId)) &&
      (users.length === 0 ||
        p.rules.some((r) =>
          r.target.kind === 'user'
            ? users.includes(r.target.id)
            : c.world.schedule(r.target.id).layers.some((l) => l.userIds.some((u) => users.includes(u))),
        )),
  );
  return page(q, 'escalation_policies', byName(q, items), (p) => render.escalationPolicy(c, p.id));
};

export const getPolicy: Route = (c, _req, [id]) => {
  const p = c.world.policies.find((x) => x.id === id);
  return p ? { status: 200, json: { escalation_policy: render.escalationPolicy(c, p.id) } } : notFound();
};

export const listServices: Route = (c, req) => {
  const q = req.query;
  const teams = many(q, 'team_ids');
  const name = q.get('name');
  const items = c.world.services.filter(
    (s) =>
      matches(q, s.name) &&
      (name === null || s.name === name) &&
      (teams.length === 0 || teams.includes(s.teamId)),
  );
  return page(q, 'services', byName(q, items), (s) => render.service(c, s));
};

export const listUsers: Route = (c, req) => {
  const q = req.query;
  const teams = many(q, 'team_ids');
  const items = c.world.users.filter(
    (u) => matches(q, u.name, u.email) && (teams.length === 0 || teams.includes(u.teamId)),
  );
  return page(q, 'users', items, (u) => render.user(c, u));
};

export const listPriorities: Route = (c, req) =>
  page(req.query, 'priorities', c.world.priorities, (p) => render.priority(c, p));

export const ABILITIES = [
  'teams',
  'urgencies',
  'read_only_users',
  'team_responders',
  'coordinated_responding',
  'preview_incident_alert_grouping',
  'sso',
] as const;

export const listAbilities: Route = () => ({ status: 200, json: { abilities: [...ABILITIES] } });
