/**
 * The ServiceNow directory built from the shared world: one sys_user per world
 * person (plus the connector's service accounts), an "<Team> Ops" assignment
 * group per team plus a Service Desk, a CI per host and per service, and the
 * SLA definitions (response + resolution per priority).
 */
import type { Rng } from '../random.js';
import type { World } from '../world.js';
import { sysId } from './format.js';
import {
  SLA_TARGETS,
  type SnCi,
  type SnGroup,
  type SnMember,
  type SnSlaDef,
  type SnUser,
  slaName,
} from './model.js';
import type { SnSchedule } from './schedule.js';

export interface Credentials {
  /** Integration user (full access); default itops.integration / sn-sim-password. */
  username: string;
  password: string;
  /** Read-only user: reads work, writes answer 403; default itops.readonly / sn-sim-readonly. */
  readOnlyUsername: string;
  readOnlyPassword: string;
}

/** Realism knobs of the directory (see ServiceNowDataOptions). */
export interface DirectoryOptions {
  /** SLA definitions of these priorities run in the 8-5 weekdays schedule (default P3–P5). */
  scheduledPriorities?: readonly number[];
  /** Extra groups that share a name with an existing one (default: an inactive old Service Desk). */
  duplicateGroups?: readonly { name: string; active: boolean }[];
}

export interface SnDirectory {
  users: SnUser[];
  groups: SnGroup[];
  members: SnMember[];
  cis: SnCi[];
  slaDefs: SnSlaDef[];
  schedules: SnSchedule[];
  integration: SnUser;
  readOnly: SnUser;
  /** World team id → its assignment group. */
  groupOfTeam: Map<string, SnGroup>;
  /** World service id → its cmdb_ci_service row; host name → cmdb_ci_server row. */
  serviceCi: Map<string, SnCi>;
  hostCi: Map<string, SnCi>;
}

const local = (email: string) => email.split('@')[0]!;

export function buildSnDirectory(
  world: World,
  rng: Rng,
  creds: Credentials,
  options: DirectoryOptions = {},
): SnDirectory {
  // Directory rows predate the simulation by a year, like a real instance's.
  const born = world.start - 365 * 86_400_000;
  const users: SnUser[] = world.users.map((u) => ({
    sys_id: sysId(rng),
    user_name: local(u.email),
    name: u.name,
    email: u.email,
    time_zone: u.timeZone,
    title: u.jobTitle,
    worldUserId: u.id,
    password: null,
    readOnly: false,
    createdAt: born,
  }));
  const account = (user_name: string, name: string, password: string, readOnly: boolean): SnUser => ({
    sys_id: sysId(rng),
    user_name,
    name,
    email: `${user_name}@example.com`,
    // Not UTC on purpose: display values then differ from raw values, as they do for most real users.
    time_zone: 'Europe/Paris',
    title: 'Integration account',
    worldUserId: null,
    password,
    readOnly,
    createdAt: born,
  });
  const integration = account(creds.username, 'ITOps Integration', creds.password, false);
  const readOnly = account(creds.readOnlyUsername, 'ITOps Read Only', creds.readOnlyPassword, true);
  users.push(integration, readOnly);
  const userOf = new Map(users.filter((u) => u.worldUserId).map((u) => [u.worldUserId!, u]));

  const groups: SnGroup[] = [];
  const groupOfTeam = new Map<string, SnGroup>();
  const members: SnMember[] = [];
  const join = (user: SnUser, group: SnGroup) =>
    members.push({ sys_id: sysId(rng), userId: user.sys_id, groupId: group.sys_id, createdAt: born });
  for (const team of world.teams) {
    const people = world.users.filter((u) => u.teamId === team.id);
    const manager = people.find((u) => u.jobTitle.includes('Manager')) ?? people[0];
    const group: SnGroup = {
      sys_id: sysId(rng),
      name: `${team.name} Ops`,
      email: `${team.name.toLowerCase()}-ops@example.com`,
      description: `Operations for the ${team.name} services`,
      managerId: manager ? userOf.get(manager.id)!.sys_id : '',
      teamId: team.id,
      active: true,
      createdAt: born,
    };
    groups.push(group);
    groupOfTeam.set(team.id, group);
    for (const p of people) join(userOf.get(p.id)!, group);
  }
  const desk: SnGroup = {
    sys_id: sysId(rng),
    name: 'Service Desk',
    email: 'service-desk@example.com',
    description: 'First line: triage and routing',
    managerId: integration.sys_id,
    teamId: null,
    active: true,
    createdAt: born,
  };
  groups.push(desk);
  // Managers sit on the desk rota; the integration user is in every group so "my groups" covers all.
  for (const u of world.users.filter((x) => x.jobTitle.includes('Manager'))) join(userOf.get(u.id)!, desk);
  for (const g of groups) join(integration, g);

  const cis: SnCi[] = [];
  const serviceCi = new Map<string, SnCi>();
  const hostCi = new Map<string, SnCi>();
  for (const s of world.services) {
    const ci: SnCi = {
      sys_id: sysId(rng),
      name: s.name,
      className: 'cmdb_ci_service',
      serviceId: s.id,
      createdAt: born,
    };
    cis.push(ci);
    serviceCi.set(s.id, ci);
    for (const h of s.hosts) {
      const host: SnCi = {
        sys_id: sysId(rng),
        name: h,
        className: 'cmdb_ci_server',
        serviceId: s.id,
        createdAt: born,
      };
      cis.push(host);
      hostCi.set(h, host);
    }
  }

  const slaDefs: SnSlaDef[] = SLA_TARGETS.flatMap((t) =>
    (['response', 'resolution'] as const).map((target) => {
      const minutes = target === 'response' ? t.responseMin : t.resolutionMin;
      return {
        sys_id: sysId(rng),
        name: slaName(t.priority, target, minutes),
        priority: t.priority,
        target,
        durationMs: minutes * 60_000,
        scheduleId: null as string | null,
        createdAt: born,
      };
    }),
  );
  // Drawn last so that adding them left every earlier sys_id of a seed unchanged.
  const weekdays: SnSchedule = {
    sys_id: sysId(rng),
    name: '8-5 weekdays',
    days: [1, 2, 3, 4, 5],
    startMin: 8 * 60,
    endMin: 17 * 60,
    createdAt: born,
  };
  const scheduled = new Set(options.scheduledPriorities ?? [3, 4, 5]);
  for (const def of slaDefs) if (scheduled.has(def.priority)) def.scheduleId = weekdays.sys_id;
  // Group names are not unique in ServiceNow: a renamed team, a second company, an old group kept
  // inactive for its history. The copies have no members and no tickets.
  for (const dup of options.duplicateGroups ?? [{ name: 'Service Desk', active: false }]) {
    const like = groups.find((g) => g.name === dup.name);
    groups.push({
      sys_id: sysId(rng),
      name: dup.name,
      email: '',
      description: dup.active ? `${dup.name} (second company)` : `${dup.name} (retired, kept for history)`,
      managerId: like?.managerId ?? '',
      teamId: null,
      active: dup.active,
      createdAt: born,
    });
  }
  return {
    users,
    groups,
    members,
    cis,
    slaDefs,
    schedules: [weekdays],
    integration,
    readOnly,
    groupOfTeam,
    serviceCi,
    hostCi,
  };
}
