/**
 * Small scripted stories the seeded world always tells, so the demo shows the situations the
 * cockpit must handle honestly even when the random backlog happens not to produce them.
 *
 * Re-page story: a responder escalated an incident by hand to the level that pages the same
 * primary again (Network EP puts its primary schedule on two rules), the primary acknowledged
 * it and snoozed it for four hours. Who it is assigned to, and when, fits both levels: its
 * level is ambiguous for as long as the snooze lasts, and the cockpit must ask, not guess.
 */
import { HOUR } from '../clock.js';
import type { World } from '../world.js';

const SNOOZE_SECONDS = 4 * 3600;

/** The first policy whose schedule holds two consecutive rules, and the second of those levels. */
function repagedLevel(world: World): { policyId: string; level: number } | undefined {
  for (const p of world.policies) {
    const i = p.rules.findIndex(
      (r, k) => k > 0 && r.target.kind === 'schedule' && r.target.id === p.rules[k - 1]!.target.id,
    );
    if (i > 0) return { policyId: p.id, level: i + 1 };
  }
  return undefined;
}

export function tellRepageStory(world: World, at: number): void {
  const where = repagedLevel(world);
  if (!where) return;
  const open = world.openIncidents().filter((i) => i.urgency === 'high');
  // One already on that policy if there is one, else the newest high-urgency incident, handed to it.
  const inc = open.find((i) => i.policyId === where.policyId) ?? open.at(-1);
  if (!inc) return;
  const by = { kind: 'user' as const, id: world.users[0]!.id };
  if (inc.policyId !== where.policyId) world.changePolicy(inc.id, where.policyId, by, at);
  world.escalate(inc.id, where.level, by, at);
  const primary = inc.assignments[0]!.userId;
  world.acknowledge(inc.id, primary, at);
  world.snooze(inc.id, SNOOZE_SECONDS, primary, at);
  // The fix lands after the snooze, and the alert clears with it.
  inc.script.fixAfterAckMs = SNOOZE_SECONDS * 1000 + HOUR;
  inc.script.clearAt = Math.max(inc.script.clearAt, at + SNOOZE_SECONDS * 1000 + HOUR);
  inc.autoResolveAt = null;
}

/**
 * The cross-vendor outage every world tells: a monitoring tool's monitor fired on one database
 * host and paged through PagerDuty. The incident carries the monitor's link in its
 * de-duplication key and its id in the title; the other simulators pick the story up from
 * `world.outage` (ServiceNow opens a ticket carrying the incident's id and the host's CI,
 * CrowdStrike has the host under another case and its FQDN). Near misses sit beside it: an
 * incident on `db-8` (not `db-08`) and hosts named like it, which must never join.
 */
export interface OutageStory {
  /** The paging incident. */
  incidentId: string;
  incidentNumber: number;
  /** The host the monitor fired on, as the CMDB names it (`db-08`). */
  host: string;
  serviceId: string;
  /** The monitor's id, as its integration quotes it. */
  monitorId: string;
  /** A name that looks like `host` and is another machine (`db-8`). */
  nearMiss: string;
}

export function tellOutageStory(world: World, at: number): OutageStory | undefined {
  const open = world.openIncidents().filter((i) => i.status === 'triggered');
  const onDb = (i: (typeof open)[number]) => world.service(i.serviceId).kind === 'db';
  const inc = open.find(onDb) ?? open[0];
  if (!inc) return undefined;
  const service = world.service(inc.serviceId);
  const host = service.hosts[1] ?? service.hosts[0] ?? inc.host;
  // Above the range the monitoring simulator numbers its own monitors in.
  const monitorId = String(9_200_000 + (inc.number % 1000));
  world.setTitle(inc.id, `[Triggered on host:${host}] Disk 97% on ${host} (monitor ${monitorId})`, at);
  inc.incidentKey = `https://app.datadoghq.com/monitors/${monitorId}?group=host%3A${host}`;
  inc.host = host;
  // Nobody picks it up on their own: the demo's responder is the user.
  inc.script.ackAfterMs = null;
  inc.script.clearAt = Math.max(inc.script.clearAt, at + 12 * HOUR);
  inc.autoResolveAt = null;
  // `db-08` → `db-8`: one character off, another machine.
  const nearMiss = host.replace(/-0+(\d)/, '-$1') === host ? `${host}0` : host.replace(/-0+(\d)/, '-$1');
  const other = open.find((i) => i !== inc && i.urgency === 'low') ?? open.find((i) => i !== inc);
  if (other) world.setTitle(other.id, `Disk 91% on ${nearMiss} (database server, prod)`, at);
  return {
    incidentId: inc.id,
    incidentNumber: inc.number,
    host,
    serviceId: service.id,
    monitorId,
    nearMiss,
  };
}
