/**
 * Turn the fixed cast (catalog.ts) into world objects with seeded ids:
 * teams, users, schedules, escalation policies, services and priorities.
 */
import { DAY, HOUR } from '../clock.js';
import { CAST, POLICIES, PRIORITIES, SCHEDULES, SERVICES, TEAMS } from './catalog.js';
import type { IdSource } from './ids.js';
import type { EscalationPolicy, Priority, Schedule, Service, Team, User } from './types.js';

export interface Directory {
  teams: Team[];
  users: User[];
  schedules: Schedule[];
  policies: EscalationPolicy[];
  services: Service[];
  priorities: Priority[];
}

const COLORS = ['red', 'green', 'blue', 'purple', 'orange', 'teal', 'brown', 'cayenne'];

const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '.');

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`sim catalog: unknown ${what}`);
  return value;
}

export function buildDirectory(ids: IdSource, start: number): Directory {
  const teams = TEAMS.map((name) => ({ id: ids.next('P'), name }));
  const teamOf = (name: string) =>
    need(
      teams.find((t) => t.name === name),
      `team ${name}`,
    ).id;

  const users: User[] = CAST.map((c, i) => ({
    id: ids.next('P'),
    name: c.name,
    email: `${slug(c.name)}@example.com`,
    teamId: teamOf(c.team),
    role: c.manager ? 'admin' : i % 5 === 4 ? 'limited_user' : 'user',
    jobTitle: c.title,
    timeZone: c.zone,
    color: COLORS[i % COLORS.length]!,
  }));
  const userOf = (name: string) =>
    need(
      users.find((u) => u.name === name),
      `user ${name}`,
    ).id;

  // Rotations started four weeks before the world's start, handing over at 08:00 UTC.
  const anchor = Math.floor(start / DAY) * DAY - 28 * DAY + 8 * HOUR;
  const schedules: Schedule[] = SCHEDULES.map((s) => ({
    id: ids.next('P'),
    name: s.name,
    description: `${s.team} on-call rotation, ${s.turnHours === 168 ? 'weekly' : `${s.turnHours}h`} shifts`,
    timeZone: 'UTC',
    teamId: teamOf(s.team),
    layers: [
      {
        id: ids.next('P'),
        start: anchor,
        virtualStart: anchor,
        turnSeconds: s.turnHours * 3600,
        userIds: s.members.map(userOf),
      },
    ],
  }));
  const scheduleOf = (name: string) =>
    need(
      schedules.find((s) => s.name === name),
      `schedule ${name}`,
    ).id;

  const policies: EscalationPolicy[] = POLICIES.map((p) => ({
    id: ids.next('P'),
    name: p.name,
    description: `Escalation path for ${p.team}`,
    teamId: teamOf(p.team),
    numLoops: p.numLoops,
    rules: p.levels.map((l) => ({
      id: ids.next('P'),
      delayMinutes: l.delayMinutes,
      target: l.schedule
        ? { kind: 'schedule' as const, id: scheduleOf(l.schedule) }
        : { kind: 'user' as const, id: userOf(need(l.user, 'level target')) },
    })),
  }));
  const policyOf = (name: string) =>
    need(
      policies.find((p) => p.name === name),
      `policy ${name}`,
    ).id;

  const services: Service[] = SERVICES.map((s, i) => ({
    id: ids.next('P'),
    name: s.name,
    description: s.description,
    kind: s.kind,
    teamId: teamOf(s.team),
    policyId: policyOf(s.policy),
    hosts: [...s.hosts],
    ackTimeoutSeconds: s.ackTimeoutSeconds,
    autoResolveSeconds: s.autoResolveSeconds,
    createdAt: start - (400 + i * 37) * DAY,
  }));

  const priorities: Priority[] = PRIORITIES.map((p, i) => ({
    id: ids.next('P'),
    name: p.name,
    description: p.description,
    color: p.color,
    rank: i + 1,
  }));

  return { teams, users, schedules, policies, services, priorities };
}
