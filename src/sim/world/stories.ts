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
