/**
 * How the world moves on its own. Each open incident has a few timers
 * (escalate, ack lapse, auto-resolve, and its script: responder ack, fix,
 * alert clears); new incidents arrive on a seeded schedule. `advance` fires
 * every due event in time order, so the outcome does not depend on how often
 * it is called — one call for a simulated week equals thousands of small ones.
 */

import type { Core } from './lifecycle.js';
import * as life from './lifecycle.js';
import type { Incident } from './types.js';

export type EventKind = 'responder-ack' | 'escalate' | 'unack' | 'auto-resolve' | 'fix' | 'clear';

export interface DueEvent {
  at: number;
  kind: EventKind;
}

/** The incident's earliest pending event, or undefined when nothing will happen to it by itself. */
export function nextEvent(inc: Incident): DueEvent | undefined {
  if (inc.status === 'resolved') return undefined;
  let best: DueEvent | undefined;
  const consider = (at: number | null, kind: EventKind) => {
    if (at !== null && (best === undefined || at < best.at)) best = { at, kind };
  };
  if (inc.status === 'triggered') {
    // The responder reacts once; after that a triggered incident only escalates.
    if (inc.script.ackAfterMs !== null) consider(inc.createdAt + inc.script.ackAfterMs, 'responder-ack');
    consider(inc.escalateAt, 'escalate');
  } else {
    consider(inc.unackAt, 'unack');
    const lastAck = inc.acknowledgements[inc.acknowledgements.length - 1];
    if (lastAck) consider(lastAck.at + inc.script.fixAfterAckMs, 'fix');
  }
  consider(inc.autoResolveAt, 'auto-resolve');
  consider(inc.script.clearAt, 'clear');
  return best;
}

export function applyEvent(core: Core, inc: Incident, event: DueEvent): void {
  const t = event.at;
  switch (event.kind) {
    case 'responder-ack': {
      inc.script.ackAfterMs = null;
      const assignee = inc.assignments[0]?.userId;
      if (assignee) life.acknowledge(core, inc, assignee, t, 'mobile');
      return;
    }
    case 'escalate':
      life.autoEscalate(core, inc, t);
      return;
    case 'unack':
      life.unacknowledge(core, inc, t);
      return;
    case 'fix': {
      const acker = inc.acknowledgements[inc.acknowledgements.length - 1]!.userId;
      life.resolve(core, inc, life.userAgent(acker), t, undefined, 'web');
      return;
    }
    case 'auto-resolve':
      life.resolve(core, inc, life.serviceAgent(inc.serviceId), t, 'Auto-resolved after timeout', 'timeout');
      return;
    case 'clear':
      life.resolve(core, inc, life.serviceAgent(inc.serviceId), t, 'Alert cleared', 'api');
      return;
  }
}

/** A world-wide event stream (incident arrivals). */
export interface EventSource {
  /** When its next event is due (Infinity: never). */
  nextAt(): number;
  /** Run that event and schedule the one after. */
  fire(): void;
}

/**
 * Fire every event due at or before `now`. `open` is the live set of open
 * incidents; resolved ones leave it. Returns the time of the next event.
 */
export function advance(
  core: Core,
  open: Set<Incident>,
  sources: readonly EventSource[],
  now: number,
): number {
  for (;;) {
    let dueInc: Incident | undefined;
    let due: DueEvent | undefined;
    for (const inc of open) {
      const e = nextEvent(inc);
      if (e && (due === undefined || e.at < due.at)) {
        due = e;
        dueInc = inc;
      }
    }
    let source: EventSource | undefined;
    let sourceAt = Number.POSITIVE_INFINITY;
    for (const s of sources) {
      const at = s.nextAt();
      if (at < sourceAt) {
        sourceAt = at;
        source = s;
      }
    }
    const nextAt = Math.min(due?.at ?? Number.POSITIVE_INFINITY, sourceAt);
    if (nextAt > now) return nextAt;
    // Ties go to incidents already in the world, then to the sources in order.
    if (due && dueInc && due.at <= sourceAt) {
      applyEvent(core, dueInc, due);
      if (dueInc.status === 'resolved') open.delete(dueInc);
    } else {
      source!.fire();
    }
  }
}
